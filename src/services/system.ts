// The process's health, readiness and queue state, for load balancers and admins.
import type { Actor } from '../auth/actor.js';
import type { FailedJob, QueueCounts } from '../queue/redis.js';
import { batchRunFigures } from '../repositories/batch-run.repository.js';
import { rankerCounts } from '../repositories/ranker.repository.js';
import type { EngineHealth, ServiceContext } from './context.js';

export async function health({ ctx }: { ctx: Pick<ServiceContext, 'status'> }): Promise<EngineHealth> {
  return ctx.status.health();
}

/** An index more than this far behind the announcements is not ready to answer for the latest registrations. */
const MAX_LAG_MS = 5000;

/** Ready to match with an index that is following the registrations; the reasons when not. */
export async function readiness({ ctx }: { ctx: Pick<ServiceContext, 'status'> }): Promise<{ ready: boolean; reasons: string[] } & EngineHealth> {
  const h = await ctx.status.health();
  const reasons: string[] = [];
  if (!h.database.up) reasons.push('the database does not answer');
  if (h.resources === 0) reasons.push('no resources indexed');
  if (h.pipeline && !h.pipeline.follower.connected) reasons.push('not following index announcements (Redis unreachable)');
  if (h.pipeline && h.pipeline.follower.lagMs > MAX_LAG_MS) reasons.push(`index ${h.pipeline.follower.lagMs} ms behind`);
  return { ready: reasons.length === 0, reasons, ...h };
}

/** Queue state and failed jobs with their reasons; the embedded mode has no queue (failures are logged). */
export async function listJobs({ ctx }: { ctx: Pick<ServiceContext, 'status'>; actor: Actor }): Promise<{
  mode: EngineHealth['mode'];
  outbox: EngineHealth['outbox'];
  queue: QueueCounts | null;
  batchQueue: QueueCounts | null;
  schedules: EngineHealth['schedules'];
  failed: FailedJob[];
}> {
  const h = await ctx.status.health();
  return { mode: h.mode, outbox: h.outbox, queue: h.pipeline?.queue ?? null, batchQueue: h.pipeline?.batchQueue ?? null, schedules: h.schedules, failed: await ctx.status.failedJobs() };
}

export interface OperationalFigures {
  health: EngineHealth;
  batchRuns: Awaited<ReturnType<typeof batchRunFigures>> | null;
  rankers: Array<{ status: string; n: number }> | null;
}

/** What the metrics endpoint reports beside its own request figures; database figures are null while it is away. */
export async function operationalFigures({ ctx }: { ctx: Pick<ServiceContext, 'status' | 'db'> }): Promise<OperationalFigures> {
  const health = await ctx.status.health();
  const fromDb = <T>(read: Promise<T>) => (health.database.up ? read.catch(() => null) : Promise.resolve(null));
  const [batchRuns, rankers] = await Promise.all([fromDb(batchRunFigures(ctx.db)), fromDb(rankerCounts(ctx.db))]);
  return { health, batchRuns, rankers };
}
