// Runs a BEIR set through the engine's own match path: the corpus is registered as resources (an upsert by
// externalId, so a second run reuses stored vectors), each query is matched in hybrid, dense-only and
// lexical-only mode, and the three are scored with the same metrics.
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { SYSTEM } from '../auth/actor.js';
import { resourceInput } from '../domain/inputs.js';
import type { Engine } from '../engine.js';
import { intraListSimilarity } from '../match/diversify.js';
import type { RetrievalMode } from '../match/retrieve.js';
import type { NeedQuery } from '../match/types.js';
import { findResourceIdsByExternalId } from '../repositories/resource.repository.js';
import { importRecords, type ParsedLine } from '../services/import.js';
import type { BeirDoc, BeirQuery, BeirSet } from './beir.js';
import { NeedClassifier, type LabelledNeed } from '../understanding/need-classifier.js';
import { calibration, type Calibration, type LabelGuess } from './calibration.js';
import { summarise, type Judgements, type Summary } from './metrics.js';

export interface EvalReport {
  engine: Summary;
  dense: Summary;
  lexical: Summary;
  /** The engine with and without moving near-duplicates down: nDCG@10, and how alike each top 10 reads (mean pairwise cosine). */
  diversity: { withoutIt: Summary; intraListSimilarity: { withIt: number; withoutIt: number } };
  queries: number;
  docs: number;
  /** For sets whose queries carry industry and category: how well the bare text's inference names them. */
  understanding?: {
    industry: Calibration;
    category: Calibration;
    /** The classifier learned from labelled needs, with the set's labelled queries as the needs (5-fold). */
    classifier: { industryAccuracy: number; categoryAccuracy: number };
  };
}

const NAME_MAX = 60;

/** Each evaluation set gets an embedded database of its own under DATA_DIR/eval, kept between runs. */
export function evalDataDir(dataDir: string, setDir: string): string {
  const abs = resolve(setDir);
  return join(dataDir, 'eval', `${basename(abs)}-${createHash('sha1').update(abs).digest('hex').slice(0, 8)}`);
}

function asResource(d: BeirDoc, line: number): ParsedLine {
  const text = d.text.trim() || d.title;
  const name = (d.title.trim() || text.split(/[。.!?！？\n]/)[0]!).slice(0, NAME_MAX) || d._id;
  return {
    line,
    type: 'resource',
    data: resourceInput.parse({
      kind: d.kind ?? 'service',
      name,
      description: text.slice(0, 8000),
      industries: d.industries ?? [],
      categories: d.categories ?? [],
      region: d.region,
      voucherEligible: d.voucherEligible ?? false,
      capacityPerMonth: d.capacityPerMonth ?? 10,
      externalId: `eval:${d._id}`,
    }),
  };
}

export function toNeedQuery(q: BeirQuery, withMeta: boolean): NeedQuery {
  return {
    text: q.text,
    industry: withMeta ? q.industry : undefined,
    category: withMeta ? q.category : undefined,
    region: withMeta ? q.region : undefined,
    wantsVoucher: withMeta ? (q.wantsVoucher ?? false) : false,
    filters: {},
    limit: 10,
  };
}

export async function registerCorpus(engine: Engine, set: BeirSet, onProgress?: (done: number, total: number) => void): Promise<Map<number, string>> {
  const lines = set.corpus.map((d, i) => asResource(d, i + 1));
  for (let i = 0; i < lines.length; i += 1000) {
    await importRecords({ ctx: engine.ctx, actor: SYSTEM, input: lines.slice(i, i + 1000), ...(onProgress ? { onProgress } : {}) });
  }
  const ids = await findResourceIdsByExternalId(engine.ctx.db, set.corpus.map((d) => `eval:${d._id}`));
  return new Map([...ids].map(([ext, id]) => [id, ext.slice('eval:'.length)]));
}

export async function evaluate(engine: Engine, set: BeirSet, opts: { withMeta: boolean; onProgress?: (done: number, total: number) => void }): Promise<EvalReport> {
  const docIds = await registerCorpus(engine, set, opts.onProgress);
  const judgedQueries = set.queries.filter((q) => set.qrels.has(q._id));
  const runs: Record<RetrievalMode | 'plain', Array<{ ranked: string[]; judged: Judgements }>> = { hybrid: [], dense: [], lexical: [], plain: [] };
  const ils = { withIt: [] as number[], withoutIt: [] as number[] };
  const similarity = (a: number, b: number) => engine.index().dense.similarityBetween(a, b);
  const guesses = { industry: [] as LabelGuess[], category: [] as LabelGuess[] };
  const labelled: LabelledNeed[] = [];
  for (const q of judgedQueries) {
    const need = toNeedQuery(q, opts.withMeta);
    const vector = await engine.embedder.embedQuery(need.text);
    const plain = await engine.matcher.match({ ...need, diversity: false }, { vector });
    runs.plain.push({ ranked: plain.matches.map((m) => docIds.get(m.profile.id) ?? ''), judged: set.qrels.get(q._id)! });
    ils.withoutIt.push(intraListSimilarity(plain.matches.map((m) => m.profile.id), similarity));
    for (const mode of ['hybrid', 'dense', 'lexical'] as const) {
      const { matches, inference } = await engine.matcher.match(need, { mode, vector });
      runs[mode].push({ ranked: matches.map((m) => docIds.get(m.profile.id) ?? ''), judged: set.qrels.get(q._id)! });
      if (mode === 'hybrid') ils.withIt.push(intraListSimilarity(matches.map((m) => m.profile.id), similarity));
      // What the words alone say (inference never reads the form's fields).
      if (mode === 'hybrid' && q.industry && q.category) {
        labelled.push({ id: labelled.length, vector, industry: q.industry, category: q.category });
        guesses.industry.push({ code: inference.industries[0]?.code, confidence: inference.industries[0]?.confidence ?? 0, truth: q.industry });
        guesses.category.push({ code: inference.categories[0]?.code, confidence: inference.categories[0]?.confidence ?? 0, truth: q.category });
      }
    }
  }
  return {
    engine: summarise(runs.hybrid),
    dense: summarise(runs.dense),
    lexical: summarise(runs.lexical),
    diversity: { withoutIt: summarise(runs.plain), intraListSimilarity: { withIt: meanOf(ils.withIt), withoutIt: meanOf(ils.withoutIt) } },
    queries: judgedQueries.length,
    docs: set.corpus.length,
    ...(guesses.industry.length > 0 ? { understanding: { industry: calibration(guesses.industry), category: calibration(guesses.category), classifier: crossValidated(labelled) } } : {}),
  };
}

const meanOf = (xs: number[]) => (xs.length === 0 ? 0 : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1e4) / 1e4);

/** Top-guess accuracy of the need classifier over 5 folds: each fold's needs named by a fit on the others. */
function crossValidated(needs: readonly LabelledNeed[]): { industryAccuracy: number; categoryAccuracy: number } {
  let industry = 0;
  let category = 0;
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (let fold = 0; fold < 5; fold++) {
    const classifier = NeedClassifier.fromExamples(needs.filter((n) => n.id % 5 !== fold));
    for (const n of needs.filter((x) => x.id % 5 === fold)) {
      const vote = classifier.vote(n.vector);
      if (top(vote.industries) === n.industry) industry++;
      if (top(vote.categories) === n.category) category++;
    }
  }
  const round = (x: number) => Math.round((x / Math.max(needs.length, 1)) * 1e4) / 1e4;
  return { industryAccuracy: round(industry), categoryAccuracy: round(category) };
}
