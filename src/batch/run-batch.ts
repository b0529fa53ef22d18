// The nightly batch: match every open need against all resources, share scarce resources by capacity (an exact
// min-cost-flow assignment, see assign.ts), and store the result as suggested pairings. Idempotent: pairings are
// one row per (need, resource), written in one transaction at the end, so a run killed half-way leaves nothing
// half-written and the next run simply replaces it. Decisions stay: a decided pairing keeps its status, a rejected
// one is never suggested again, and approved or contacted pairings use up capacity.
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { MatchService } from '../match/match.service.js';
import type { ScoredMatch } from '../match/types.js';
import { openNeeds } from '../repositories/need.repository.js';
import { OCCUPYING, decidedPairings, replaceSuggestions, startBatchRun, updateBatchRun, type NewPairing } from '../repositories/pairing.repository.js';
import { currentNeedVector, needQueryOf } from '../services/need-query.js';
import { assignWithCapacity, gini, topK, type NeedCandidates } from './assign.js';

export interface BatchOptions {
  trigger: 'schedule' | 'manual' | 'cli';
  /** Suggestions per need. */
  want?: number;
  /** Candidates considered per need. */
  candidates?: number;
  /** Extra share of monthly capacity a resource may be suggested for (0.2 = 20% more). */
  slack?: number;
  onProgress?: (done: number, total: number) => void;
}

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
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

function loads(assignment: Map<number, number[]>): Map<number, number> {
  const load = new Map<number, number>();
  for (const rs of assignment.values()) for (const r of rs) load.set(r, (load.get(r) ?? 0) + 1);
  return load;
}

export async function runBatch(deps: { db: Db; matcher: MatchService; log: Logger }, opts: BatchOptions): Promise<{ runId: number; stats: BatchStats }> {
  const { db, matcher, log } = deps;
  const want = opts.want ?? 5;
  const depth = opts.candidates ?? 20;
  const slack = opts.slack ?? 0.2;
  const t0 = performance.now();
  const needRows = await openNeeds(db);
  const runId = await startBatchRun(db, opts.trigger, needRows.length);
  try {
    const decided = await decidedPairings(db);
    const blocked = new Set(decided.map((d) => `${d.needId}:${d.resourceId}`));
    const occupied = new Map<number, number>();
    for (const d of decided) if ((OCCUPYING as readonly string[]).includes(d.status)) occupied.set(d.resourceId, (occupied.get(d.resourceId) ?? 0) + 1);

    const problems: NeedCandidates[] = [];
    const found = new Map<string, ScoredMatch>();
    for (const [i, need] of needRows.entries()) {
      const vector = await currentNeedVector(db, need, matcher.modelId);
      const { matches } = await matcher.match(needQueryOf(need, {}, depth + want), { vector });
      const candidates = matches.filter((m) => !blocked.has(`${need.id}:${m.profile.id}`)).slice(0, depth);
      for (const m of candidates) found.set(`${need.id}:${m.profile.id}`, m);
      problems.push({ needId: need.id, want, candidates: candidates.map((m) => ({ resourceId: m.profile.id, score: m.score })) });
      if ((i + 1) % 50 === 0 || i + 1 === needRows.length) {
        opts.onProgress?.(i + 1, needRows.length);
        await updateBatchRun(db, runId, { needsDone: i + 1 });
      }
    }

    const capacity = new Map<number, number>();
    for (const m of found.values()) {
      const p = m.profile;
      capacity.set(p.id, Math.max(0, Math.floor(p.capacityPerMonth * (1 + slack)) - (occupied.get(p.id) ?? 0)));
    }
    const assigned = assignWithCapacity(problems, capacity);
    const unconstrained = topK(problems);
    const scoreOf = (a: Map<number, number[]>) => [...a].reduce((s, [n, rs]) => s + rs.reduce((t, r) => t + found.get(`${n}:${r}`)!.score, 0), 0);
    const before = loads(unconstrained);
    const after = loads(assigned);
    const resources = [...new Set([...before.keys(), ...after.keys()])];

    const chosen: NewPairing[] = [];
    for (const [needId, rs] of assigned) {
      rs.forEach((r, i) => {
        const m = found.get(`${needId}:${r}`)!;
        chosen.push({ needId, resourceId: r, rank: i + 1, score: round(m.score), components: m.components as unknown as Record<string, number>, explanation: m.explanation });
      });
    }
    await db.transaction((tx) => replaceSuggestions(tx, runId, needRows.map((n) => n.id), chosen));

    const kept = scoreOf(assigned);
    const total = scoreOf(unconstrained);
    const stats: BatchStats = {
      method: 'maximum-weight b-matching by min-cost flow (primal-dual), coverage first',
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
      seconds: round((performance.now() - t0) / 1000),
    };
    await updateBatchRun(db, runId, { status: 'completed', stats: stats as unknown as Record<string, unknown>, needsDone: needRows.length, finishedAt: new Date() });
    log.info({ runId, ...stats }, 'batch run completed');
    return { runId, stats };
  } catch (err) {
    await updateBatchRun(db, runId, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() }).catch(() => {});
    throw err;
  }
}
