// npm run tune -- DIR [DIR…]: grid-searches the ranking weights and inference settings on labelled sets.
// Retrieval runs once per query; only the pure ranking is repeated per setting. Each set counts twice when its
// queries carry form metadata (with it and stripped), so the weights serve both kinds of need.
// Prints the best settings and how the current defaults do; copy the result into src/domain/score-components.ts
// (weights) and src/match/settings.ts.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/engine.js';
import { readBeir } from '../src/eval/beir.js';
import { ndcgAt, type Judgements } from '../src/eval/metrics.js';
import { evalDataDir, registerCorpus, toNeedQuery } from '../src/eval/run.js';
import { inferNeed, type Neighbour } from '../src/match/infer.js';
import { rank } from '../src/match/score.js';
import { DEFAULT_WEIGHTS, type Weights } from '../src/domain/score-components.js';
import type { Candidate, NeedQuery } from '../src/match/types.js';
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from '../src/match/settings.js';
import { createLogger } from '../src/log.js';
import { normaliseText } from '../src/embedding/normalise.js';

interface Case {
  set: string;
  need: NeedQuery;
  candidates: Candidate[];
  neighbours: Neighbour[];
  judged: Judgements;
  docIds: Map<number, string>;
}

const grid = {
  lexical: [0, 0.1, 0.2, 0.3, 0.5, 0.8],
  category: [0, 0.05, 0.1, 0.15, 0.2, 0.3],
  industry: [0, 0.05, 0.1, 0.15, 0.2, 0.3],
  region: [0, 0.02, 0.04],
  voucher: [0, 0.02, 0.05],
  neighbourShare: [0.4, 0.7, 1],
  temperature: [0.02, 0.05],
};

function score(cases: Case[], w: Weights, s: RetrievalSettings): Map<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const c of cases) {
    const inference = inferNeed(normaliseText(c.need.text), c.neighbours, s);
    const ranked = rank(c.candidates, c.need, inference, w).map((m) => c.docIds.get(m.profile.id) ?? '');
    const e = sums.get(c.set) ?? { total: 0, n: 0 };
    e.total += ndcgAt(ranked, c.judged);
    e.n++;
    sums.set(c.set, e);
  }
  return new Map([...sums].map(([k, v]) => [k, v.total / v.n]));
}

const mean = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0) / m.size;

async function main(): Promise<void> {
  const { positionals } = parseArgs({ allowPositionals: true });
  if (positionals.length === 0) {
    console.error('usage: npm run tune -- DIR [DIR…]');
    process.exit(2);
  }
  const config = loadConfig();
  const cases: Case[] = [];
  for (const dir of positionals) {
    const set = readBeir(dir);
    const engine = await createEngine({ config: { dataDir: evalDataDir(config.dataDir, dir), databaseUrl: undefined }, log: createLogger('warn') });
    const docIds = await registerCorpus(engine, set);
    const hasMeta = set.queries.some((q) => q.industry || q.category || q.region || q.wantsVoucher);
    for (const q of set.queries.filter((x) => set.qrels.has(x._id))) {
      const vector = await engine.embedder.embedQuery(q.text);
      for (const withMeta of hasMeta ? [true, false] : [false]) {
        const need = toNeedQuery(q, withMeta);
        const prepared = await engine.matcher.prepare(need, { vector });
        cases.push({ set: `${dir}${withMeta ? ' +meta' : ''}`, need, candidates: prepared.candidates, neighbours: prepared.neighbours, judged: set.qrels.get(q._id)!, docIds });
      }
    }
    await engine.close();
  }
  const base = score(cases, DEFAULT_WEIGHTS, DEFAULT_RETRIEVAL);
  console.log('current defaults:', Object.fromEntries([...base].map(([k, v]) => [k, v.toFixed(4)])), 'mean', mean(base).toFixed(4));

  // Coordinate descent: one setting at a time over its grid, until a full pass changes nothing.
  type Key = keyof typeof grid;
  let current: Record<Key, number> = {
    lexical: DEFAULT_WEIGHTS.lexical, category: DEFAULT_WEIGHTS.category, industry: DEFAULT_WEIGHTS.industry, region: DEFAULT_WEIGHTS.region,
    voucher: DEFAULT_WEIGHTS.voucher, neighbourShare: DEFAULT_RETRIEVAL.neighbourShare, temperature: DEFAULT_RETRIEVAL.temperature,
  };
  const split = (c: Record<Key, number>) => ({
    weights: { ...DEFAULT_WEIGHTS, lexical: c.lexical, category: c.category, industry: c.industry, region: c.region, voucher: c.voucher },
    settings: { ...DEFAULT_RETRIEVAL, neighbourShare: c.neighbourShare, temperature: c.temperature },
  });
  let best = { mean: mean(base), per: base, ...split(current) };
  for (let pass = 0, changed = true; changed && pass < 5; pass++) {
    changed = false;
    for (const key of Object.keys(grid) as Key[]) {
      for (const value of grid[key]) {
        const trial = { ...current, [key]: value };
        const { weights, settings } = split(trial);
        const per = score(cases, weights, settings);
        const m = mean(per);
        if (m > best.mean + 1e-6) {
          best = { mean: m, per, weights, settings };
          current = trial;
          changed = true;
        }
      }
    }
    console.log(`pass ${pass + 1}: mean nDCG@10 ${best.mean.toFixed(4)}`, JSON.stringify(current));
  }
  // Sensitivity around the optimum: how each set responds to each setting alone, for a human to judge overfitting.
  for (const key of Object.keys(grid) as Key[]) {
    const rows = grid[key].map((value) => {
      const { weights, settings } = split({ ...current, [key]: value });
      const per = score(cases, weights, settings);
      return `${String(value).padStart(5)}: ${[...per.values()].map((v) => v.toFixed(4)).join(' ')}`;
    });
    console.log(`${key} (${[...base.keys()].join(' | ')})\n  ${rows.join('\n  ')}`);
  }
  console.log('best:', Object.fromEntries([...best.per].map(([k, v]) => [k, v.toFixed(4)])), 'mean', best.mean.toFixed(4));
  console.log(JSON.stringify({ weights: best.weights, settings: best.settings }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
