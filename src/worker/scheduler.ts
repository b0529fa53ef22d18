// The schedules in the embedded mode (no Redis): the nightly batch and the weekly retraining run in this process
// at their cron times, through the same handlers as on the workers. One process owns the embedded database, so
// one scheduler runs; a run that is still going when its next time comes is not started twice (a batch run also
// refuses a second active run).
import { CronExpressionParser } from 'cron-parser';
import type { Schedule } from '../batch/batch-queue.js';
import { SCHEDULED } from '../batch/batch-queue.js';
import type { Logger } from '../log.js';
import type { ScheduleStatus } from '../services/context.js';
import { handlerFor, type JobContext } from './jobs.js';

/** setTimeout takes at most 2^31 − 1 ms; a later time is waited for in steps. */
const MAX_WAIT_MS = 2 ** 31 - 1;

/** The next time a cron pattern fires in a time zone, after `from`. */
export function nextRun(cron: string, tz: string, from = new Date()): Date {
  return CronExpressionParser.parse(cron, { tz, currentDate: from }).next().toDate();
}

export class InProcessScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly next = new Map<string, Date>();
  private readonly running = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly schedules: readonly Schedule[],
    private readonly ctx: JobContext,
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const s of this.schedules) if (s.cron !== null) this.plan({ ...s, cron: s.cron });
    this.log.info({ schedules: this.status().map((s) => ({ name: s.name, cron: s.cron, next: s.next })) }, 'schedules run in this process');
  }

  private plan(s: Schedule & { cron: string }): void {
    if (this.stopped) return;
    const at = nextRun(s.cron, s.tz);
    this.next.set(s.id, at);
    const wait = () => {
      const ms = at.getTime() - Date.now();
      const timer = setTimeout(() => (ms > MAX_WAIT_MS ? wait() : this.fire(s)), Math.min(Math.max(ms, 0), MAX_WAIT_MS));
      timer.unref();
      this.timers.set(s.id, timer);
    };
    wait();
  }

  private fire(s: Schedule & { cron: string }): void {
    if (!this.running.has(s.id)) {
      const run = handlerFor(s.job)(this.ctx, { data: SCHEDULED as never, update: async () => {} })
        .then((outcome) => this.log.info({ schedule: s.id, outcome }, 'scheduled job done'))
        .catch((err: unknown) => this.log.error({ schedule: s.id, err }, 'scheduled job failed'))
        .finally(() => this.running.delete(s.id));
      this.running.set(s.id, run);
    } else this.log.warn({ schedule: s.id }, 'the previous run is still going; skipping this one');
    this.plan(s);
  }

  status(): ScheduleStatus[] {
    return this.schedules.map((s) => ({ name: s.id, cron: s.cron, tz: s.tz, next: this.next.get(s.id)?.toISOString() ?? null, runsIn: 'this process' }));
  }

  /** Stops planning and waits for a job in hand (the caller aborts `ctx.stopping` first so a batch run ends soon). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    await Promise.all(this.running.values());
  }
}
