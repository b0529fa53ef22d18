// The nightly batch: match every open need against all resources, share scarce resources by capacity (an exact
// b-matching, see assign.ts), and store the result as suggested pairings. Idempotent: pairings are one row per
// (need, resource), written in one transaction at the end together with the run's completion, so a run killed
// half-way leaves nothing half-written; its run is taken over (queue retry) or abandoned and superseded by the
// next one. Decisions stay: a decided pairing keeps its status, a rejected one is never suggested again, and
// approved or contacted pairings use up capacity.
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { MatchService } from '../match/match.service.js';
import type { ScoredMatch } from '../match/types.js';
import { beat, claimBatchRun, endBatchRun, RunSupersededError, type BatchRun } from '../repositories/batch-run.repository.js';
import { openNeeds } from '../repositories/need.repository.js';
import { OCCUPYING, pairingsToKeep, replaceSuggestions, type NewPairing } from '../repositories/pairing.repository.js';
import { currentNeedVectors, needQueryOf } from '../services/need-query.js';
import { assignWithCapacity, gini, topK, type NeedCandidates } from './assign.js';

export interface BatchRunOptions {
  /** Suggestions per need. */
  want: number;
  /** Candidates considered per need. */
  candidates: number;
  /** Extra share of monthly capacity a resource may be suggested for (0.2 = 20% more). */
  slack: number;
}

export const DEFAULT_BATCH_OPTIONS: BatchRunOptions = { want: 5, candidates: 20, slack: 0.2 };

export interface BatchStats {
  method: string;
  needs: number;
  needsWithSuggestions: number;
  suggestions: number;
  slack: number;
  totalScoreKept: number;
  totalScoreUnconstrained: number;
  keptRatio: number;
  maxPerResourceBefore: number;
  maxPerResourceAfter: number;
  giniBefore: number;
  giniAfter: number;
  seconds: number;
  phaseSeconds: { match: number; assign: number; write: number };
}

export interface BatchDeps {
  db: Db;
  matcher: MatchService;
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
const round = (x: number) => Math.round(x * 1e4) / 1e4;

function loads(assignment: Map<number, number[]>): Map<number, number> {
  const load = new Map<number, number>();
  for (const rs of assignment.values()) for (const r of rs) load.set(r, (load.get(r) ?? 0) + 1);
  return load;
}

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
      const message = err instanceof Error ? err.message : String(err);
      await endBatchRun(deps.db, run, { status: 'failed', error: message }).catch(() => {});
      deps.log.error({ runId, err: message }, 'batch run failed');
    }
    throw err;
  }
}

async function execute(deps: BatchDeps, run: BatchRun, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<BatchStats> {
  const { db, matcher, log } = deps;
  const { want, candidates: depth, slack } = { ...DEFAULT_BATCH_OPTIONS, ...(run.options as Partial<BatchRunOptions>) };
  const t0 = performance.now();
  const needRows = await openNeeds(db);
  await beat(db, run, { phase: 'matching', needsTotal: needRows.length, needsDone: 0 });

  const keep = await pairingsToKeep(db);
  const blocked = new Set(keep.map((d) => `${d.needId}:${d.resourceId}`));
  const occupied = new Map<number, number>();
  for (const d of keep) if ((OCCUPYING as readonly string[]).includes(d.status)) occupied.set(d.resourceId, (occupied.get(d.resourceId) ?? 0) + 1);

  // One query for the stored vectors instead of one per need; a need without a current one is embedded by match.
  const vectors = await currentNeedVectors(db, needRows, matcher.modelId);
  const problems: NeedCandidates[] = [];
  const found = new Map<string, ScoredMatch>();
  const judgedIn = new Map<number, string>();
  let lastBeat = performance.now();
  let lastYield = lastBeat;
  for (const [i, need] of needRows.entries()) {
    if (opts.signal?.aborted) throw new BatchStoppedError(run.id);
    const { matches, industry } = await matcher.match(needQueryOf(need, {}, depth + want), { vector: vectors.get(need.id) });
    const candidates = matches.filter((m) => !blocked.has(`${need.id}:${m.profile.id}`)).slice(0, depth);
    for (const m of candidates) found.set(`${need.id}:${m.profile.id}`, m);
    if (industry) judgedIn.set(need.id, industry);
    problems.push({ needId: need.id, want, candidates: candidates.map((m) => ({ resourceId: m.profile.id, score: m.score })) });
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

  const capacity = new Map<number, number>();
  for (const m of found.values()) {
    const p = m.profile;
    capacity.set(p.id, Math.max(0, Math.floor(p.capacityPerMonth * (1 + slack)) - (occupied.get(p.id) ?? 0)));
  }
  const assigned = assignWithCapacity(problems, capacity);
  const unconstrained = topK(problems);
  const t2 = performance.now();
  await beat(db, run, { phase: 'writing' });

  const chosen: NewPairing[] = [];
  for (const [needId, rs] of assigned) {
    rs.forEach((r, i) => {
      const m = found.get(`${needId}:${r}`)!;
      chosen.push({ needId, resourceId: r, rank: i + 1, score: round(m.score), components: m.components, explanation: m.explanation, industry: judgedIn.get(needId) ?? null });
    });
  }
  const scoreOf = (a: Map<number, number[]>) => [...a].reduce((s, [n, rs]) => s + rs.reduce((t, r) => t + found.get(`${n}:${r}`)!.score, 0), 0);
  const before = loads(unconstrained);
  const after = loads(assigned);
  const resources = [...new Set([...before.keys(), ...after.keys()])];
  const kept = scoreOf(assigned);
  const total = scoreOf(unconstrained);
  const stats: BatchStats = {
    method: 'maximum-weight b-matching, exact, by successive shortest paths; coverage first',
    needs: needRows.length,
    needsWithSuggestions: [...assigned.values()].filter((rs) => rs.length > 0).length,
    suggestions: chosen.length,
    slack,
    totalScoreKept: round(kept),
    totalScoreUnconstrained: round(total),
    keptRatio: total > 0 ? round(kept / total) : 1,
    maxPerResourceBefore: Math.max(0, ...before.values()),
    maxPerResourceAfter: Math.max(0, ...after.values()),
    giniBefore: round(gini(resources.map((r) => before.get(r) ?? 0))),
    giniAfter: round(gini(resources.map((r) => after.get(r) ?? 0))),
    seconds: 0,
    phaseSeconds: { match: round((t1 - t0) / 1000), assign: round((t2 - t1) / 1000), write: 0 },
  };
  // The suggestions and the run's completion commit together, and only while this attempt still owns the run.
  await db.transaction(async (tx) => {
    await replaceSuggestions(tx, run.id, needRows.map((n) => n.id), chosen);
    stats.phaseSeconds.write = round((performance.now() - t2) / 1000);
    stats.seconds = round((performance.now() - t0) / 1000);
    if (!(await endBatchRun(tx, run, { status: 'completed', stats: stats as unknown as Record<string, unknown>, needsDone: needRows.length }))) {
      throw new RunSupersededError(run.id);
    }
  });
  log.info({ runId: run.id, ...stats }, 'batch run completed');
  return stats;
}
