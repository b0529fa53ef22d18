// Index changes announced to every API process through a Redis stream. A stream rather than pub/sub: a process
// that was disconnected resumes from the last entry it applied instead of silently missing what was said
// meanwhile, and it can tell when it cannot resume (the stream was trimmed past it, or Redis restarted empty),
// in which case it reconciles its index with the database.
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';

const MAX_LEN = 100_000;
export const changesKey = (prefix: string) => `${prefix}:index-changes`;

/** What one announcement says changed: resources to re-read into the index, needs whose rows to read again. */
export interface Changes {
  resources: number[];
  needs: number[];
}
type Entity = keyof Changes;

export async function announceChanges(redis: Redis, prefix: string, entity: Entity, ids: number[]): Promise<void> {
  if (ids.length > 0) await redis.xadd(changesKey(prefix), 'MAXLEN', '~', MAX_LEN, '*', entity, ids.join(','));
}

/** An entry's fields are name, value pairs: "resources", "1,2,3" (and, since needs are announced, "needs", …). */
function changesOf(entries: Array<[string, string[]]>): Changes {
  const out: Changes = { resources: [], needs: [] };
  for (const [, fields] of entries) {
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const entity = fields[i] as Entity;
      if (entity in out) out[entity].push(...fields[i + 1]!.split(',').filter(Boolean).map(Number));
    }
  }
  return out;
}

const idTime = (id: string) => Number(id.split('-')[0]);
function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

export interface FollowerStatus {
  connected: boolean;
  lastAppliedId: string;
  /** Age of the oldest announcement not yet applied, in ms (0 when caught up). */
  lagMs: number;
  reconciles: number;
}

export class IndexFollower {
  private lastId = '0-0';
  private runId = '';
  private stopped = false;
  private loop: Promise<void> | undefined;
  private connected = false;
  private reconciles = 0;

  /** `redis` blocks on the stream; `quick` answers status questions and fails fast when Redis is down. */
  constructor(
    private readonly redis: Redis,
    private readonly quick: Redis,
    private readonly prefix: string,
    private readonly apply: (changes: Changes) => Promise<unknown>,
    private readonly reconcile: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** The stream position to follow from; read before the index is built so nothing said meanwhile is missed. */
  async mark(): Promise<void> {
    try {
      const [last] = await this.redis.xrevrange(changesKey(this.prefix), '+', '-', 'COUNT', 1);
      this.lastId = last?.[0] ?? '0-0';
      this.runId = await this.serverRunId();
      this.connected = true;
    } catch {
      // Redis is down at start: the follower reconciles with the database once it can read the stream.
      this.runId = 'unknown';
    }
  }

  start(): void {
    this.loop = this.follow();
  }

  private async serverRunId(): Promise<string> {
    const info = await this.redis.info('server');
    return /run_id:(\w+)/.exec(info)?.[1] ?? '';
  }

  /** True when entries this process has not read may be gone. */
  private async lostTrack(): Promise<boolean> {
    const runId = await this.serverRunId();
    if (runId !== this.runId) {
      this.runId = runId;
      return true; // Redis restarted: whatever it held in memory is gone
    }
    const [first] = await this.redis.xrange(changesKey(this.prefix), '-', '+', 'COUNT', 1);
    return first !== undefined && this.lastId !== '0-0' && compareIds(first[0], this.lastId) > 0 && (await this.trimmedPast());
  }

  private async trimmedPast(): Promise<boolean> {
    // The first entry is newer than ours; if ours still existed XRANGE from it would return it.
    const [ours] = await this.redis.xrange(changesKey(this.prefix), this.lastId, this.lastId);
    return ours === undefined;
  }

  private async catchUpFromDatabase(): Promise<void> {
    const [last] = await this.redis.xrevrange(changesKey(this.prefix), '+', '-', 'COUNT', 1);
    await this.reconcile();
    this.reconciles++;
    this.lastId = last?.[0] ?? '0-0';
  }

  private async follow(): Promise<void> {
    let failing = this.runId === 'unknown';
    while (!this.stopped) {
      try {
        if (failing && (await this.lostTrack())) {
          this.log.warn('index announcements may have been missed; reconciling with the database');
          await this.catchUpFromDatabase();
        }
        failing = false;
        this.connected = true;
        const res = await this.redis.xread('COUNT', 500, 'BLOCK', 1000, 'STREAMS', changesKey(this.prefix), this.lastId);
        for (const [, entries] of res ?? []) {
          await this.apply(changesOf(entries));
          this.lastId = entries[entries.length - 1]![0];
        }
      } catch (err) {
        if (this.stopped) break;
        if (!failing) this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'index announcements unavailable; retrying');
        failing = true;
        this.connected = false;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async status(): Promise<FollowerStatus> {
    let lagMs = 0;
    try {
      const [next] = await this.quick.xrange(changesKey(this.prefix), `(${this.lastId}`, '+', 'COUNT', 1);
      if (next) lagMs = Math.max(0, Date.now() - idTime(next[0]));
    } catch {
      // Redis down: connected=false says it.
    }
    return { connected: this.isConnected(), lastAppliedId: this.lastId, lagMs, reconciles: this.reconciles };
  }

  /** A blocked XREAD on a dropped connection waits for the reconnect rather than failing: ask the client. */
  private isConnected(): boolean {
    return this.connected && this.redis.status === 'ready';
  }

  /** Status without asking Redis. */
  lastKnown(): FollowerStatus {
    return { connected: this.isConnected(), lastAppliedId: this.lastId, lagMs: 0, reconciles: this.reconciles };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
