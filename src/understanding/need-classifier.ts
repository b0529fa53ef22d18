// A classifier learned from needs registered through a form: they carry their category and industry, so they are
// labelled examples of owners' words. k nearest labelled needs in embedding space vote (a softmax over cosine
// similarity), per label kind. Refitted whenever the labelled needs change, and used only after it names the
// labels of held-out needs well enough. No I/O: the same examples and query always give the same vote.
import hnswlib from 'hnswlib-node';
import type { Category, Industry } from '../domain/taxonomy.js';

const { BruteforceSearch } = hnswlib;

export interface LabelledNeed {
  id: number;
  vector: Float32Array;
  industry: Industry | null;
  category: Category | null;
}

export interface ClassifierVote {
  industries: Map<Industry, number>;
  categories: Map<Category, number>;
}

export interface ClassifierOptions {
  neighbours: number;
  temperature: number;
  /** Needs whose id is divisible by this are held out for the check. */
  holdOutEvery: number;
  /** Fewer held-out needs than this and it is not used. */
  minHeldOut: number;
  /**
   * It learns from at most this many labelled needs, the most recent: a vote compares the query with every
   * example, so at a province's 31,200 labelled needs a vote took 13 ms, and the check votes each of the 6,240
   * held-out needs the same way at every refit, holding the process all that time.
   */
  maxExamples: number;
}

/** More than float32 summing over a 512-d dot product of unit vectors can differ from the float64 sum. */
const FLOAT32_ROUNDING = 1e-4;

export const DEFAULT_CLASSIFIER: ClassifierOptions = { neighbours: 15, temperature: 0.05, holdOutEvery: 5, minHeldOut: 20, maxExamples: 3000 };

export interface ClassifierCheck {
  examples: number;
  heldOut: number;
  industryAccuracy: number;
  categoryAccuracy: number;
  /** What always guessing the most common training label would score on the same held-out needs. */
  industryBaseline: number;
  categoryBaseline: number;
  adopted: boolean;
  reason: string;
}

export class NeedClassifier {
  /**
   * The examples' distinct vectors in hnswlib's exact (brute-force) index, labelled by position in `groups`: it
   * finds the nearest with SIMD arithmetic, about seven times faster than a JS loop over 3,000 examples (0.4
   * against 2.9 ms a vote). Examples with the same vector (needs registered with the same words) share one point,
   * so that ties between them never make it fetch more than it keeps.
   */
  private readonly exact: InstanceType<typeof BruteforceSearch>;
  /** Each distinct vector with the positions of the examples that have it, in the examples' order. */
  private readonly groups: Array<{ vector: Float32Array; members: number[] }> = [];

  private constructor(
    private readonly examples: readonly LabelledNeed[],
    private readonly opts: ClassifierOptions,
  ) {
    const byBytes = new Map<string, number>();
    examples.forEach((e, i) => {
      const key = Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength).toString('base64');
      const g = byBytes.get(key);
      if (g === undefined) {
        byBytes.set(key, this.groups.length);
        this.groups.push({ vector: e.vector, members: [i] });
      } else this.groups[g]!.members.push(i);
    });
    this.exact = new BruteforceSearch('ip', examples[0]?.vector.length ?? 1);
    this.exact.initIndex(Math.max(1, this.groups.length));
    this.groups.forEach((g, i) => this.exact.addPoint(Array.from(g.vector), i));
  }

  /** A classifier over these examples, unchecked (what a cross-validation needs). */
  static fromExamples(examples: readonly LabelledNeed[], opts: ClassifierOptions = DEFAULT_CLASSIFIER): NeedClassifier {
    return new NeedClassifier(examples, opts);
  }

  /**
   * Fits on every example after checking a fit without the held-out ones on them: it is adopted only if, for
   * both label kinds, it names held-out needs' labels more often than always guessing the commonest label would.
   */
  static fit(all: readonly LabelledNeed[], opts: ClassifierOptions = DEFAULT_CLASSIFIER): { classifier: NeedClassifier | undefined; check: ClassifierCheck } {
    const examples = all.length > opts.maxExamples ? [...all].sort((a, b) => b.id - a.id).slice(0, opts.maxExamples) : all;
    const held = examples.filter((e) => e.id % opts.holdOutEvery === 0);
    const training = examples.filter((e) => e.id % opts.holdOutEvery !== 0);
    const trial = new NeedClassifier(training, opts);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    const score = (kind: 'industry' | 'category') => {
      const judged = held.filter((e) => e[kind] !== null);
      const counts = new Map<string, number>();
      for (const e of training) if (e[kind] !== null) counts.set(e[kind]!, (counts.get(e[kind]!) ?? 0) + 1);
      const commonest = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
      const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])[0]?.[0];
      const vote = (e: LabelledNeed) => (kind === 'industry' ? trial.vote(e.vector).industries : trial.vote(e.vector).categories) as Map<string, number>;
      const share = (right: (e: LabelledNeed) => boolean) => (judged.length === 0 ? 0 : round(judged.filter(right).length / judged.length));
      return { accuracy: share((e) => top(vote(e)) === e[kind]), baseline: share((e) => e[kind] === commonest) };
    };
    const industry = score('industry');
    const category = score('category');
    const check = {
      examples: examples.length, heldOut: held.length,
      industryAccuracy: industry.accuracy, categoryAccuracy: category.accuracy, industryBaseline: industry.baseline, categoryBaseline: category.baseline,
    };
    if (held.length < opts.minHeldOut) return { classifier: undefined, check: { ...check, adopted: false, reason: `too few labelled needs to check it (${held.length} held out, needs ${opts.minHeldOut})` } };
    if (industry.accuracy <= industry.baseline || category.accuracy <= category.baseline) {
      return { classifier: undefined, check: { ...check, adopted: false, reason: `on held-out needs it does no better than guessing the commonest label (industry ${industry.accuracy} vs ${industry.baseline}, category ${category.accuracy} vs ${category.baseline})` } };
    }
    return { classifier: new NeedClassifier(examples, opts), check: { ...check, adopted: true, reason: `held-out accuracy industry ${industry.accuracy} (commonest label ${industry.baseline}), category ${category.accuracy} (${category.baseline})` } };
  }

  get size(): number {
    return this.examples.length;
  }

  /**
   * The most similar examples, most similar first, ties in the examples' order (as a stable sort would leave them).
   * The index's similarities are summed in float32 and may differ from the JS dot product in the last digits, so
   * it is asked for more distinct vectors than k and the JS dot product (summed in the same order as ever: results
   * stay bit for bit) orders their examples; if the k-th is not clear of the farthest vector fetched by more than
   * float32 rounding could move it, more are fetched (every vector at last).
   */
  private nearest(vector: Float32Array): Nearest {
    if (this.k() === 0) return [];
    const query = Array.from(vector);
    for (let fetch = this.firstFetch(); ; fetch = this.moreThan(fetch)) {
      const nearest = this.ordered(vector, fetch, this.exact.searchKnn(query, fetch));
      if (nearest) return nearest;
    }
  }

  /** nearest, with hnswlib's search on a thread of libuv's pool (the examples never change: nothing to wait for). */
  private async nearestInParallel(vector: Float32Array): Promise<Nearest> {
    if (this.k() === 0) return [];
    for (let fetch = this.firstFetch(); ; fetch = this.moreThan(fetch)) {
      const nearest = this.ordered(vector, fetch, await this.exact.searchKnnAsync(vector, fetch));
      if (nearest) return nearest;
    }
  }

  /** How many neighbours vote. */
  private k(): number {
    return Math.max(0, Math.min(this.opts.neighbours, this.examples.length));
  }

  private firstFetch(): number {
    return Math.min(this.groups.length, 2 * this.k());
  }

  private moreThan(fetch: number): number {
    return Math.min(this.groups.length, fetch * 4);
  }

  /** The k nearest examples among the vectors fetched, ordered by the JS dot product; undefined if more are needed. */
  private ordered(vector: Float32Array, fetch: number, found: { neighbors: ArrayLike<number>; distances: ArrayLike<number> }): Nearest | undefined {
    const k = this.k();
    const scored: Array<{ i: number; s: number }> = [];
    for (let n = 0; n < found.neighbors.length; n++) {
      const { vector: v, members } = this.groups[found.neighbors[n]!]!;
      const s = dot(vector, v);
      for (const i of members) scored.push({ i, s });
    }
    scored.sort((a, b) => b.s - a.s || a.i - b.i);
    let farthest = Infinity;
    for (let n = 0; n < found.distances.length; n++) farthest = Math.min(farthest, 1 - found.distances[n]!);
    if (fetch === this.groups.length || (scored.length >= k && scored[k - 1]!.s > farthest + FLOAT32_ROUNDING)) {
      return scored.slice(0, k).map(({ i, s }) => ({ e: this.examples[i]!, s }));
    }
    return undefined;
  }

  /** The labels of the nearest labelled needs, as distributions. */
  vote(vector: Float32Array): ClassifierVote {
    return this.tally(this.nearest(vector));
  }

  /** vote, searching on a thread of libuv's pool: a match starts it with the dense search and goes on meanwhile. */
  async voteInParallel(vector: Float32Array): Promise<ClassifierVote> {
    return this.tally(await this.nearestInParallel(vector));
  }

  private tally(nearest: Nearest): ClassifierVote {
    const top = nearest[0]?.s ?? 0;
    const industries = new Map<Industry, number>();
    const categories = new Map<Category, number>();
    for (const { e, s } of nearest) {
      const w = Math.exp((s - top) / this.opts.temperature);
      if (e.industry) industries.set(e.industry, (industries.get(e.industry) ?? 0) + w);
      if (e.category) categories.set(e.category, (categories.get(e.category) ?? 0) + w);
    }
    const normalise = <T>(m: Map<T, number>) => {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      return new Map([...m].map(([k, v]) => [k, v / total]));
    };
    return { industries: normalise(industries), categories: normalise(categories) };
  }
}

type Nearest = Array<{ e: LabelledNeed; s: number }>;

/** The dot product, summed in index order in float64. */
function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
