// The match pipeline: embed the need, understand its words (the concept lexicon), retrieve candidates from both
// indexes (the keyword query expanded with the understood concepts' terms), infer what a bare-text need is about,
// weigh the evidence for this query (fusion.ts), then rank and explain (score.ts, explain.ts: pure). Timings feed
// the Server-Timing header.
import { DEFAULT_WEIGHTS, onlyComponent, type Weights } from '../domain/score-components.js';
import type { Industry } from '../domain/taxonomy.js';
import type { Embedder } from '../embedding/embedder.js';
import { normaliseText } from '../embedding/normalise.js';
import { AppError } from '../errors.js';
import type { SearchIndex } from '../retrieval/search-index.js';
import { tokenize } from '../retrieval/tokenize.js';
import { expandQuery } from '../understanding/expand.js';
import { Lexicon } from '../understanding/lexicon.js';
import type { NeedClassifier } from '../understanding/need-classifier.js';
import { DEFAULT_FUSION, fuse, queryFeatures, type Fusion, type FusionParams, type QueryFeatures } from './fusion.js';
import { inferNeed, type Neighbour } from './infer.js';
import { retrieve, type RetrievalMode } from './retrieve.js';
import { feedbackIndustry, passesFilters, rank } from './score.js';
import type { Candidate, FeedbackLookup, NeedInference, NeedQuery, ScoredMatch } from './types.js';
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from './settings.js';

export interface MatchResult {
  matches: ScoredMatch[];
  inference: NeedInference;
  /** The industry the need was judged in (given, or inferred with confidence): operators' feedback counts there. */
  industry: Industry | undefined;
  /** How the evidence was weighed for this query (hybrid mode). */
  fusion?: Fusion;
  timings: { embed: number; retrieve: number; rank: number };
}

/** Single-retriever baselines score by their own signal alone; they exist for evaluation. */
const SINGLE_RETRIEVER_WEIGHTS: Record<Exclude<RetrievalMode, 'hybrid'>, Weights> = { dense: onlyComponent('semantic'), lexical: onlyComponent('lexical') };

const COMMITTED = Lexicon.committed();

export interface PreparedMatch {
  candidates: Candidate[];
  neighbours: Neighbour[];
  inference: NeedInference;
  features: QueryFeatures;
  timings: { embed: number; retrieve: number };
}

export interface MatchOptions {
  mode?: RetrievalMode;
  /** A stored vector of the need, when it is current; skips the model. */
  vector?: Float32Array | undefined;
}

export class MatchPipeline {
  constructor(
    private readonly deps: {
      index: () => SearchIndex;
      embedder: Embedder;
      weights?: () => Weights;
      /** Operators' past decisions, as a score component. */
      feedback?: () => FeedbackLookup;
      settings?: RetrievalSettings;
      /** The concept lexicon in use (the committed one unless operators changed it). */
      lexicon?: () => Lexicon;
      /** The classifier learned from labelled needs, once it passed its check. */
      classifier?: () => NeedClassifier | undefined;
      fusion?: FusionParams;
    },
  ) {}

  get modelId(): string {
    return this.deps.embedder.modelId;
  }

  /** Retrieval and inference: everything before the weights are applied (the tuner re-ranks this many times). */
  async prepare(need: NeedQuery, opts: MatchOptions = {}): Promise<PreparedMatch> {
    const index = this.deps.index();
    if (index.size === 0) throw new AppError('not_ready', 'no resources are indexed yet');
    const settings = this.deps.settings ?? DEFAULT_RETRIEVAL;
    const t0 = performance.now();
    const vector = opts.vector ?? (await this.deps.embedder.embedQuery(need.text));
    const t1 = performance.now();

    const text = normaliseText(need.text);
    const understood = (this.deps.lexicon?.() ?? COMMITTED).understand(text);
    // The single-retriever baselines stay plain: keyword search on the owner's own words.
    const mode = opts.mode ?? 'hybrid';
    const query = mode === 'hybrid' ? expandQuery(tokenize(need.text), understood, settings.expansion) : { words: tokenize(need.text) };
    const filtered = hasFilters(need) ? (id: number) => passesFilters(index.profiles.get(id)!, need.filters) : undefined;
    const candidates = retrieve(index, vector, query, Math.max(settings.depth, need.limit), mode, filtered);
    // Inference looks at the nearest resources of any kind, so filters do not bias what the need is about.
    const neighbours = filtered
      ? index.dense.search(vector, settings.inferenceNeighbours).map((h) => ({ similarity: h.similarity, profile: index.profiles.get(h.id)! }))
      : nearest(candidates, settings.inferenceNeighbours);
    const inference = inferNeed(text, neighbours, understood, settings, this.deps.classifier?.()?.vote(vector));
    const features = queryFeatures(candidates, query.words.length - (query.weights?.size ?? 0), need, inference);
    const t2 = performance.now();
    return { candidates, neighbours, inference, features, timings: { embed: t1 - t0, retrieve: t2 - t1 } };
  }

  async match(need: NeedQuery, opts: MatchOptions = {}): Promise<MatchResult> {
    const prepared = await this.prepare(need, opts);
    const mode = opts.mode ?? 'hybrid';
    const t2 = performance.now();
    const fusion = mode === 'hybrid' ? fuse(prepared.features, this.deps.weights?.() ?? DEFAULT_WEIGHTS, need, this.deps.fusion ?? DEFAULT_FUSION) : undefined;
    const weights = fusion ? fusion.weights : SINGLE_RETRIEVER_WEIGHTS[mode as Exclude<RetrievalMode, 'hybrid'>];
    // The single-retriever baselines stay plain lists (they exist for evaluation).
    const index = this.deps.index();
    const diversity = mode === 'hybrid' ? { similarity: (a: number, b: number) => index.dense.similarityBetween(a, b) } : undefined;
    const matches = rank(prepared.candidates, need, prepared.inference, weights, fusion ? this.deps.feedback?.() : undefined, diversity);
    return {
      matches,
      inference: prepared.inference,
      industry: feedbackIndustry(need, prepared.inference),
      ...(fusion ? { fusion } : {}),
      timings: { ...prepared.timings, rank: performance.now() - t2 },
    };
  }
}

function hasFilters(need: NeedQuery): boolean {
  const f = need.filters;
  return Boolean(f.kinds?.length || f.industries?.length || f.regions?.length || f.voucherOnly);
}

function nearest(candidates: Candidate[], n: number): Neighbour[] {
  return [...candidates]
    .sort((a, b) => b.semantic - a.semantic)
    .slice(0, n)
    .map((c) => ({ similarity: c.semantic, profile: c.profile }));
}
