// npm run tune -- DIR [DIR…]: fits the fusion (src/match/fusion.ts) and the calibration of inferred labels
// (src/match/settings.ts) on labelled sets. Retrieval and inference run once per query; the fit only re-weighs the
// candidates' score components, so it takes minutes, not hours. Each set counts twice when its queries carry form
// metadata (with it and stripped); the objective is the mean over those of (nDCG@10 + MRR@10) / 2, and the fit
// is coordinate descent from the parameters in use over a grid per parameter. Prints every set against its
// single retrievers and the parameters to copy into the code.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { COMPONENT_KEYS, DEFAULT_WEIGHTS, type ScoreComponents, type Weights } from '../src/domain/score-components.js';
import { createEngine } from '../src/engine.js';
import { readBeir } from '../src/eval/beir.js';
import { mrrAt, ndcgAt, type Judgements } from '../src/eval/metrics.js';
import { evalDataDir, registerCorpus, toNeedQuery } from '../src/eval/run.js';
import { fitLogistic } from '../src/learn/logistic.js';
import { createLogger } from '../src/log.js';
import { DEFAULT_FUSION, fuse, type FusionParams, type QueryFeatures } from '../src/match/fusion.js';
import { components, passesFilters } from '../src/match/score.js';
import { DEFAULT_RETRIEVAL } from '../src/match/settings.js';
import { MatchPipeline } from '../src/match/pipeline.js';
import type { NeedQuery } from '../src/match/types.js';

interface Case {
  set: string;
  need: NeedQuery;
  features: QueryFeatures;
  ids: string[];
  components: ScoreComponents[];
  judged: Judgements;
  /** Inference on the bare text before calibration, for fitting it: the top guess and whether it is right. */
  labels?: { industry: { p: number; right: boolean }; category: { p: number; right: boolean } };
}

const GRID: Array<[keyof FusionParams, string, number[]]> = [
  ['lexical', 'bias', [-1, -0.5, 0, 0.5, 1, 1.5, 2]],
  ['lexical', 'gap', [0, 1, 2, 3, 4, 6, 8]],
  ['lexical', 'understood', [0, 0.5, 1, 2, 3, 4]],
  ['lexical', 'coverage', [-2, 0, 2, 4]],
  ['lexical', 'agreement', [-2, 0, 2, 4]],
  ['inferred', 'category', [0, 0.25, 0.5, 0.75, 1, 1.5]],
  ['inferred', 'industry', [0, 0.25, 0.5, 0.75, 1, 1.5]],
  ['inferred', 'threshold', [0, 0.3, 0.5, 0.7, 0.9]],
  ['inferred', 'sharpness', [0, 2, 5, 10]],
];

type Metrics = Map<string, { ndcg: number; mrr: number }>;

function evaluate(cases: readonly Case[], weightsOf: (c: Case) => Weights): Metrics {
  const sums = new Map<string, { ndcg: number; mrr: number; n: number }>();
  for (const c of cases) {
    const w = weightsOf(c);
    const order = c.components.map((comp, i) => ({ i, s: COMPONENT_KEYS.reduce((acc, k) => acc + w[k] * comp[k], 0) }));
    order.sort((a, b) => b.s - a.s || a.i - b.i);
    const ranked = order.slice(0, 10).map((o) => c.ids[o.i]!);
    const e = sums.get(c.set) ?? { ndcg: 0, mrr: 0, n: 0 };
    e.ndcg += ndcgAt(ranked, c.judged);
    e.mrr += mrrAt(ranked, c.judged);
    e.n++;
    sums.set(c.set, e);
  }
  return new Map([...sums].map(([k, e]) => [k, { ndcg: e.ndcg / e.n, mrr: e.mrr / e.n }]));
}

const objective = (m: Metrics) => [...m.values()].reduce((s, v) => s + (v.ndcg + v.mrr) / 2, 0) / m.size;
const only = (key: 'semantic' | 'lexical') => Object.fromEntries(COMPONENT_KEYS.map((k) => [k, k === key ? 1 : 0])) as Weights;

async function main(): Promise<void> {
  const { positionals } = parseArgs({ allowPositionals: true });
  if (positionals.length === 0) {
    console.error('usage: npm run tune -- DIR [DIR…]   (BEIR-layout sets; queries with industry/category also fit the calibration)');
    process.exit(2);
  }
  const config = loadConfig();
  const cases: Case[] = [];
  for (const dir of positionals) {
    const set = readBeir(dir);
    const engine = await createEngine({ config: { dataDir: evalDataDir(config.dataDir, dir), databaseUrl: undefined }, log: createLogger('warn') });
    try {
      const docIds = await registerCorpus(engine, set);
      const uncalibrated = new MatchPipeline({ index: () => engine.index(), embedder: engine.embedder, settings: { ...DEFAULT_RETRIEVAL, calibration: undefined } });
      const hasMeta = set.queries.some((q) => q.industry || q.category || q.region || q.wantsVoucher);
      for (const q of set.queries.filter((x) => set.qrels.has(x._id))) {
        const vector = await engine.embedder.embedQuery(q.text);
        for (const withMeta of hasMeta ? [true, false] : [false]) {
          const need = toNeedQuery(q, withMeta);
          const prepared = await engine.matcher.prepare(need, { vector });
          const candidates = prepared.candidates.filter((c) => passesFilters(c.profile, need.filters));
          const raw = !withMeta && q.industry && q.category ? (await uncalibrated.prepare(need, { vector })).inference : undefined;
          const [ti, tc] = [raw?.industries[0], raw?.categories[0]];
          cases.push({
            set: `${dir}${withMeta ? ' +meta' : ''}`,
            need,
            features: prepared.features,
            ids: candidates.map((c) => docIds.get(c.profile.id) ?? ''),
            components: candidates.map((c) => components(c, need, prepared.inference)),
            judged: set.qrels.get(q._id)!,
            ...(raw
              ? { labels: { industry: { p: ti?.confidence ?? 0, right: ti?.code === q.industry }, category: { p: tc?.confidence ?? 0, right: tc?.code === q.category } } }
              : {}),
          });
        }
      }
    } finally {
      await engine.close();
    }
    console.error(`[tune] ${dir}: ${set.queries.length} queries`);
  }

  const dense = evaluate(cases, () => only('semantic'));
  const lexical = evaluate(cases, () => only('lexical'));
  let params: FusionParams = structuredClone(DEFAULT_FUSION);
  const fused = (p: FusionParams) => evaluate(cases, (c) => fuse(c.features, DEFAULT_WEIGHTS, c.need, p).weights);
  let best = fused(params);
  console.log(`in use: mean (nDCG@10 + MRR@10) / 2 = ${objective(best).toFixed(4)}`);
  for (let pass = 1, changed = true; changed && pass <= 5; pass++) {
    changed = false;
    for (const [group, key, values] of GRID) {
      for (const v of values) {
        const trial = structuredClone(params);
        (trial[group] as Record<string, number>)[key] = v;
        const m = fused(trial);
        if (objective(m) > objective(best) + 1e-5) [best, params, changed] = [m, trial, true];
      }
    }
    console.log(`pass ${pass}: ${objective(best).toFixed(4)} ${JSON.stringify(params)}`);
  }
  for (const [set, b] of best) {
    const d = dense.get(set)!;
    const l = lexical.get(set)!;
    const ok = b.ndcg >= Math.max(d.ndcg, l.ndcg) && b.mrr >= Math.max(d.mrr, l.mrr);
    console.log(`${ok ? 'ok ' : 'LOW'} ${set}: nDCG@10 ${b.ndcg.toFixed(4)} (dense ${d.ndcg.toFixed(4)}, lexical ${l.ndcg.toFixed(4)}), MRR@10 ${b.mrr.toFixed(4)} (dense ${d.mrr.toFixed(4)}, lexical ${l.mrr.toFixed(4)})`);
  }
  // Platt scaling of the top inferred label's confidence: P(right) = σ(a·p + b), on the bare text of labelled sets.
  const labelled = cases.filter((c) => c.labels);
  const calibration: Record<string, { a: number; b: number }> = {};
  for (const kind of ['industry', 'category'] as const) {
    if (labelled.length === 0) break;
    const fit = fitLogistic(labelled.map((c) => [c.labels![kind].p]), labelled.map((c) => (c.labels![kind].right ? 1 : 0)), { l2: 0.001 });
    calibration[kind] = { a: Math.round(fit.weights[0]! * 1000) / 1000, b: Math.round(fit.intercept * 1000) / 1000 };
  }
  console.log(JSON.stringify({ fusion: params, ...(labelled.length > 0 ? { calibration, calibratedOn: `${labelled.length} bare-text queries` } : {}) }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
