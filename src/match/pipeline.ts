// The match pipeline: embed the need, understand its words (the concept lexicon), retrieve candidates from both
// indexes (the keyword query expanded with the understood concepts' terms), infer what a bare-text need is about,
// weigh the evidence for this query (fusion.ts), then rank and explain (score.ts, explain.ts: pure). Timings feed
// the Server-Timing header.
import { LRUCache } from 'lru-cache';
import { DEFAULT_WEIGHTS, onlyComponent, type Weights } from '../domain/score-components.js';
import type { Industry } from '../domain/taxonomy.js';
import type { Embedder } from '../embedding/embedder.js';
import { normaliseText } from '../embedding/normalise.js';
import { AppError } from '../errors.js';
import type { SearchIndex } from '../retrieval/search-index.js';
import { tokenize } from '../retrieval/tokenize.js';
import { expandQuery, type LexicalQuery } from '../understanding/expand.js';
import { Lexicon, type Understood } from '../understanding/lexicon.js';
import type { NeedClassifier } from '../understanding/need-classifier.js';
import { DEFAULT_FUSION, fuse, queryFeatures, type Fusion, type FusionParams, type QueryFeatures } from './fusion.js';
import { inferNeed, type Neighbour } from './infer.js';
import { retrieve, searchDense, type RetrievalMode } from './retrieve.js';
import { explain } from './explain.js';
import { byScore, feedbackIndustry, passesFilters, rank, scoreCandidate } from './score.js';
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

/** A need's words as the hybrid match reads them: normalised, understood as concepts, made a keyword query. */
interface ReadWords {
  text: string;
  understood: readonly Understood[];
  query: LexicalQuery;
}

/** Texts whose reading is kept, per lexicon: a need matched again skips segmenting and understanding its words. */
const READ_TEXTS = 2000;

/** One resource as a need's own match scores it (see MatchPipeline.scoreFor). */
export interface ScoredFor {
  match: ScoredMatch;
  /** The place it would take in the need's list: 1 when nothing the need retrieved scores higher. */
  placeInList: number;
  inference: NeedInference;
  fusion: Fusion;
  industry: Industry | undefined;
}

export interface PreparedMatch {
  /** The need's vector and the keyword query retrieval ran (expanded in hybrid mode). */
  vector: Float32Array;
  query: LexicalQuery;
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

  /**
   * What each lexicon made of recent needs' texts (a pure function of the text, the lexicon and the expansion
   * settings, which a pipeline keeps): a stored need matched again, or a portal's repeated query, reads its words
   * in about 0.3 ms less. A lexicon operators changed is a new object, with nothing kept.
   */
  private readonly read = new WeakMap<Lexicon, LRUCache<string, ReadWords>>();

  private readWords(text: string, settings: RetrievalSettings): ReadWords {
    const lexicon = this.deps.lexicon?.() ?? COMMITTED;
    let kept = this.read.get(lexicon);
    if (!kept) this.read.set(lexicon, (kept = new LRUCache({ max: READ_TEXTS })));
    let words = kept.get(text);
    if (!words) {
      const normalised = normaliseText(text);
      const understood = lexicon.understand(normalised);
      words = { text: normalised, understood, query: expandQuery(tokenize(text), understood, settings.expansion) };
      kept.set(text, words);
    }
    return words;
  }

  get modelId(): string {
    return this.deps.embedder.modelId;
  }

  /** A resource's stored vector in the index this pipeline matches against. */
  resourceVector(id: number): Float32Array | undefined {
    return this.deps.index().dense.vectorOf(id);
  }

  /** A resource's words in the keyword index (what its outreach searches the needs' texts with). */
  resourceWords(id: number): string[] {
    return this.deps.index().lexical.wordsOf(id);
  }

  /** Retrieval and inference: everything before the weights are applied (the tuner re-ranks this many times). */
  async prepare(need: NeedQuery, opts: MatchOptions = {}): Promise<PreparedMatch> {
    const index = this.deps.index();
    if (index.size === 0) throw new AppError('not_ready', 'no resources are indexed yet');
    const settings = this.deps.settings ?? DEFAULT_RETRIEVAL;
    const t0 = performance.now();
    const vector = opts.vector ?? (await this.deps.embedder.embedQuery(need.text));
    const t1 = performance.now();
    const mode = opts.mode ?? 'hybrid';
    const depth = Math.max(settings.depth, need.limit);
    const filtered = hasFilters(need) ? (id: number) => passesFilters(index.profiles.get(id)!, need.filters) : undefined;
    // Started first, on libuv's pool (the dense side when unfiltered, and the classifier's vote): the words are
    // understood and the keyword index searched while they run.
    const dense = awaitedLater(searchDense(index, vector, depth, mode, filtered));
    const vote = awaitedLater(this.deps.classifier?.()?.voteInParallel(vector));

    const { text, understood, query: expanded } = this.readWords(need.text, settings);
    // The single-retriever baselines stay plain: keyword search on the owner's own words.
    const query = mode === 'hybrid' ? expanded : { words: tokenize(need.text) };
    const candidates = await retrieve(index, vector, query, depth, mode, filtered, dense);
    // Inference looks at the nearest resources of any kind, so filters do not bias what the need is about.
    const neighbours = filtered
      ? index.dense.search(vector, settings.inferenceNeighbours).map((h) => ({ similarity: h.similarity, profile: index.profiles.get(h.id)! }))
      : nearest(candidates, settings.inferenceNeighbours);
    const inference = inferNeed(text, neighbours, understood, settings, await vote);
    const features = queryFeatures(candidates, query.words.length - (query.weights?.size ?? 0), need, inference);
    const t2 = performance.now();
    return { vector, query, candidates, neighbours, inference, features, timings: { embed: t1 - t0, retrieve: t2 - t1 } };
  }

  /** The weights for this query: fused from its features in hybrid mode, one retriever's alone otherwise. */
  private weigh(prepared: PreparedMatch, need: NeedQuery, mode: RetrievalMode): { fusion: Fusion | undefined; weights: Weights } {
    const fusion = mode === 'hybrid' ? fuse(prepared.features, this.deps.weights?.() ?? DEFAULT_WEIGHTS, need, this.deps.fusion ?? DEFAULT_FUSION) : undefined;
    return { fusion, weights: fusion ? fusion.weights : SINGLE_RETRIEVER_WEIGHTS[mode as Exclude<RetrievalMode, 'hybrid'>] };
  }

  async match(need: NeedQuery, opts: MatchOptions = {}): Promise<MatchResult> {
    const prepared = await this.prepare(need, opts);
    const mode = opts.mode ?? 'hybrid';
    const t2 = performance.now();
    const { fusion, weights } = this.weigh(prepared, need, mode);
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

  /**
   * What this need's own hybrid match would score one resource: the same retrieval (for the inference, the
   * fusion's features and the keyword ceiling), then that resource's components and weighted sum, whether or not
   * it made the need's candidate list, and the place it would take in the need's list (without moving
   * near-duplicates down). Undefined when the resource is not indexed or the need's filters exclude it.
   */
  async scoreFor(need: NeedQuery, resourceId: number, opts: Omit<MatchOptions, 'mode'> = {}): Promise<ScoredFor | undefined> {
    const index = this.deps.index();
    const profile = index.profiles.get(resourceId);
    if (!profile || !passesFilters(profile, need.filters)) return undefined;
    const prepared = await this.prepare(need, opts);
    const { fusion, weights } = this.weigh(prepared, need, 'hybrid');
    const feedback = this.deps.feedback?.();
    const score = (c: Candidate) => scoreCandidate(c, need, prepared.inference, weights, feedback);
    const retrieved = prepared.candidates.find((c) => c.profile.id === resourceId);
    const lexical = retrieved ? undefined : index.lexical.scoreOf(prepared.query.words, resourceId, prepared.query.weights);
    const scored = score(retrieved ?? { profile, semantic: index.dense.similarityTo(prepared.vector, resourceId), lexical: lexical!.normalised, matchedWords: lexical!.matched });
    const ahead = prepared.candidates.filter((c) => c.profile.id !== resourceId && passesFilters(c.profile, need.filters) && byScore(score(c), scored) < 0).length;
    return {
      match: { ...scored, explanation: explain(scored, need, prepared.inference) },
      placeInList: ahead + 1,
      inference: prepared.inference,
      fusion: fusion!,
      industry: feedbackIndustry(need, prepared.inference),
    };
  }
}

/** A promise awaited further on: if the match fails before that, its own failure is not reported as unhandled. */
function awaitedLater<T>(started: T): T {
  if (started instanceof Promise) started.catch(() => {});
  return started;
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
