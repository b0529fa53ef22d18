// The nightly batch: match every open need against all resources, then let the plan (plan.ts) share scarce
// resources by capacity, and store the result as suggested pairings. Idempotent: pairings are one row per
// (need, resource), written in one transaction at the end together with the run's completion, so a run killed
// half-way leaves nothing half-written; its run is taken over (queue retry) or abandoned and superseded by the
// next one. Decisions stay: a decided pairing keeps its status, a rejected one is never suggested again, and
// approved or contacted pairings (and outreach's suggestions) use up capacity.
import { localDate } from '../domain/deadline.js';
import type { Db } from '../db/client.js';
import { currentNeedVectors } from '../indexing/stored-vector.js';
import { redactMessage, type Logger } from '../log.js';
import { needQueryOf } from '../match/need-query.js';
import type { MatchPipeline } from '../match/pipeline.js';
import { beat, claimBatchRun, endBatchRun, RunSupersededError, type BatchRun } from '../repositories/batch-run.repository.js';
import { openNeeds } from '../repositories/need.repository.js';
import { pairingsToKeep, replaceSuggestions } from '../repositories/pairing.repository.js';
import { DEFAULT_BATCH_OPTIONS, holdsCapacity, planBatch, type BatchRunOptions, type NeedMatches, type PlanStats } from './plan.js';

export interface BatchStats extends PlanStats {
  seconds: number;
  phaseSeconds: { match: number; assign: number; write: number };
}

export interface BatchDeps {
  db: Db;
  matcher: MatchPipeline;
  log: Logger;
}

export type BatchOutcome = { runId: number; status: 'completed'; stats: BatchStats } | { runId: number; status: 'already-ended' };

/** Thrown when the executor was asked to stop (shutdown): the run is left for a retry or the next run. */
export class BatchStoppedError extends Error {
  constructor(runId: number) {
    super(`batch run ${runId} stopped: the process is shutting down`);
  }
}

const HEARTBEAT_MS = 2000;
const YIELD_MS = 50;
const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * Executes a created run (or takes over one whose executor died). Failures end the run as failed; a stop request
 * (`signal`) or a takeover elsewhere leaves it to whoever holds it now.
 */
export async function executeBatchRun(
  deps: BatchDeps,
  runId: number,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<BatchOutcome> {
  const run = await claimBatchRun(deps.db, runId);
  if (!run) return { runId, status: 'already-ended' };
  try {
    const stats = await execute(deps, run, opts);
    return { runId, status: 'completed', stats };
  } catch (err) {
    if (!(err instanceof RunSupersededError) && !(err instanceof BatchStoppedError)) {
      // Stored for operators to read: without the values a failed query carried.
      const message = redactMessage(err instanceof Error ? err.message : String(err));
      await endBatchRun(deps.db, run, { status: 'failed', error: message }).catch(() => {});
      deps.log.error({ runId, err: message }, 'batch run failed');
    }
    throw err;
  }
}

async function execute(deps: BatchDeps, run: BatchRun, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<BatchStats> {
  const { db, matcher, log } = deps;
  const options: BatchRunOptions = { ...DEFAULT_BATCH_OPTIONS, ...(run.options as Partial<BatchRunOptions>) };
  const t0 = performance.now();
  // Needs past their deadline are left out (Shaoxing's date when the run starts).
  const needRows = await openNeeds(db, localDate());
  await beat(db, run, { phase: 'matching', needsTotal: needRows.length, needsDone: 0 });

  const keep = await pairingsToKeep(db);
  const blocked = new Set(keep.map((d) => `${d.needId}:${d.resourceId}`));
  // Left out of each need's ranking itself, so that a pair the batch may not suggest cannot push its twin down.
  const excluded = new Map<number, Set<number>>();
  for (const d of keep) excluded.set(d.needId, (excluded.get(d.needId) ?? new Set()).add(d.resourceId));
  const occupied = new Map<number, number>();
  for (const d of keep) if (holdsCapacity(d)) occupied.set(d.resourceId, (occupied.get(d.resourceId) ?? 0) + 1);

  // One query for the stored vectors instead of one per need; a need without a current one is embedded by match.
  const vectors = await currentNeedVectors(db, needRows, matcher.modelId);
  const needs: NeedMatches[] = [];
  let lastBeat = performance.now();
  let lastYield = lastBeat;
  for (const [i, need] of needRows.entries()) {
    if (opts.signal?.aborted) throw new BatchStoppedError(run.id);
    const { matches, industry, fusion } = await matcher.match(needQueryOf(need, { exclude: excluded.get(need.id) }, options.candidates + options.want), { vector: vectors.get(need.id) });
    needs.push({ needId: need.id, industry, multipliers: fusion?.multipliers, matches });
    opts.onProgress?.(i + 1, needRows.length);
    if (performance.now() - lastBeat > HEARTBEAT_MS) {
      await beat(db, run, { needsDone: i + 1 });
      lastBeat = performance.now();
    } else if (performance.now() - lastYield > YIELD_MS) {
      // Matching with stored vectors never waits on I/O: let the queue renew its job lock and HTTP be served.
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
    }
  }
  const t1 = performance.now();
  await beat(db, run, { phase: 'assigning', needsDone: needRows.length });
  const { chosen, stats: planned } = planBatch({ needs, options, blocked, occupied });
  const t2 = performance.now();
  await beat(db, run, { phase: 'writing' });

  const stats: BatchStats = { ...planned, seconds: 0, phaseSeconds: { match: seconds(t1 - t0), assign: seconds(t2 - t1), write: 0 } };
  // The suggestions and the run's completion commit together, and only while this attempt still owns the run.
  await db.transaction(async (tx) => {
    await replaceSuggestions(tx, run.id, needRows.map((n) => n.id), chosen);
    stats.phaseSeconds.write = seconds(performance.now() - t2);
    stats.seconds = seconds(performance.now() - t0);
    if (!(await endBatchRun(tx, run, { status: 'completed', stats: { ...stats }, needsDone: needRows.length }))) {
      throw new RunSupersededError(run.id);
    }
  });
  log.info({ runId: run.id, ...stats }, 'batch run completed');
  return stats;
}
