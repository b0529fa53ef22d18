// What every use case is given: the database, the indexer that follows its writes, the match pipeline, what the
// ranking learned, API key lookups, how batch runs start, and the process's status. Use cases have one shape,
// verb({ ctx, actor, input }) (plus `id` for a record named in the path), and each declares the part of the
// context it uses.
import type { z } from 'zod';
import type { BatchLauncher } from '../batch/batch-launcher.js';
import type { BatchRunOptions } from '../batch/plan.js';
import type { Db } from '../db/client.js';
import { validationError } from '../errors.js';
import type { Indexer } from '../indexing/outbox.js';
import type { OpenNeeds } from '../indexing/open-needs.js';
import type { StoredNeeds } from '../indexing/stored-needs.js';
import type { QueueModeHealth } from '../indexing/queue-mode.js';
import type { MatchPipeline } from '../match/pipeline.js';
import type { FailedJob, QueueCounts } from '../queue/redis.js';
import type { KeyResolver } from './key-resolver.js';
import type { RankingState } from './ranking-state.js';
import type { UnderstandingState } from './understanding-state.js';

/** A repeating job and when it runs next (null: off). */
export interface ScheduleStatus {
  name: string;
  cron: string | null;
  tz: string;
  next: string | null;
  /** Where it runs: the queue's workers, or this process (the embedded mode). */
  runsIn: 'workers' | 'this process';
}

export interface EngineHealth {
  /** `up` is false while the database does not answer (the process still matches from memory). */
  database: { kind: 'postgres' | 'pglite'; up: boolean };
  model: string;
  mode: 'in-process' | 'queue';
  resources: number;
  /** Null while the database does not answer. */
  outbox: { pending: number; oldestSeconds: number } | null;
  pipeline?: QueueModeHealth & { batchQueue: QueueCounts | null };
  schedules: ScheduleStatus[];
}

/** The process's state as health checks and the admin API show it. */
export interface StatusSource {
  health(): Promise<EngineHealth>;
  /** Failed queue jobs with their reasons (none in the embedded mode: failures are logged). */
  failedJobs(): Promise<FailedJob[]>;
}

export interface ServiceContext {
  db: Db;
  indexer: Indexer;
  matcher: MatchPipeline;
  /** Every need in service with its vector, in memory, for matches by need id. */
  storedNeeds: StoredNeeds;
  /** Open needs as outreach's pool, made from the stored needs. */
  openNeeds: OpenNeeds;
  ranking: RankingState;
  understanding: UnderstandingState;
  keys: KeyResolver;
  batches: BatchLauncher;
  /** Options of a batch run nobody chose otherwise (BATCH_SLACK, BATCH_SUGGESTIONS). */
  batchDefaults: BatchRunOptions;
  status: StatusSource;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}

/** null columns become absent fields, so a stored row can be merged with a patch and parsed again. */
export function withoutNulls<T extends object>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}
