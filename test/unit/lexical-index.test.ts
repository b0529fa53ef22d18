import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_BM25, bm25Idf, bm25Term } from '../../src/retrieval/bm25.js';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import { tokenize } from '../../src/retrieval/tokenize.js';

describe('tokenize', () => {
  it('normalises, segments Chinese and drops stop words and punctuation', () => {
    const words = tokenize('我们的羊毛衫洗两次就缩水，想找人看看ＳＥＭ');
    expect(words).toContain('羊毛衫');
    expect(words).toContain('缩水');
    expect(words).toContain('sem');
    expect(words).not.toContain('我们');
    expect(words).not.toContain('，');
  });
});

describe('LexicalIndex (BM25)', () => {
  // Built inside each test, so that a fault in the index fails the test rather than the file's collection.
  const build = () => {
    const index = new LexicalIndex();
    index.upsert(1, tokenize('纺织品缩水率检测 羊毛衫尺寸稳定性'));
    index.upsert(2, tokenize('黄酒酿造工艺 发酵控制'));
    index.upsert(3, tokenize('金属材料盐雾试验 检测'));
    return index;
  };

  it('ranks the document sharing rare words first and reports the words', () => {
    const index = build();
    const hits = index.search(tokenize('羊毛衫缩水 检测'), 10);
    expect(hits[0]!.id).toBe(1);
    expect(hits[0]!.matched).toEqual(expect.arrayContaining(['羊毛衫', '缩水']));
    expect(hits.map((h) => h.id)).not.toContain(2);
  });

  it('normalises by the query ceiling into [0, 1)', () => {
    const index = build();
    for (const h of index.search(tokenize('羊毛衫缩水 检测'), 10)) {
      expect(h.normalised).toBeGreaterThan(0);
      expect(h.normalised).toBeLessThan(1);
    }
    expect(index.search(tokenize('完全无关的词语'), 10)).toEqual([]);
  });

  it('scores a single document exactly as search does', () => {
    const index = build();
    const q = tokenize('羊毛衫缩水 检测');
    const fromSearch = index.search(q, 10).find((h) => h.id === 3)!;
    expect(index.scoreOf(q, 3).score).toBeCloseTo(fromSearch.score);
  });

  it('updates and removes documents', () => {
    const idx = new LexicalIndex();
    idx.upsert(7, ['黄酒']);
    idx.upsert(7, ['珍珠']);
    expect(idx.search(['黄酒'], 5)).toEqual([]);
    expect(idx.search(['珍珠'], 5)[0]!.id).toBe(7);
    idx.remove(7);
    expect(idx.size).toBe(0);
    expect(idx.search(['珍珠'], 5)).toEqual([]);
  });

  it('returns the best k in the order a full sort gives, ties by lower id', () => {
    const idx = new LexicalIndex();
    const words = ['检测', '盐雾', '镀层', '纺织', '缩水'];
    for (let id = 1; id <= 300; id++) idx.upsert(id, Array.from({ length: 1 + (id % 7) }, (_, j) => words[(id * (j + 3)) % words.length]!));
    const all = idx.search(['检测', '盐雾', '缩水'], 1000);
    expect(all.length).toBeGreaterThan(100);
    for (const k of [1, 5, 37, 100]) expect(idx.search(['检测', '盐雾', '缩水'], k)).toEqual(all.slice(0, k));
    const sorted = [...all].sort((a, b) => b.score - a.score || a.id - b.id);
    expect(all.map((h) => h.id)).toEqual(sorted.map((h) => h.id));
  });

  it('scores BM25 (k1 1.2, b 0.75) as computed by hand, and again after a removal', () => {
    // Three documents of 4, 2 and 2 words: N = 3, average length 8/3. For the query 羊毛衫 检测:
    //   idf(羊毛衫) = ln(1 + (3 − 1 + 0.5) / (1 + 0.5)) = ln(8/3) = 0.980829
    //   idf(检测)   = ln(1 + (3 − 2 + 0.5) / (2 + 0.5)) = ln(1.6) = 0.470004
    //   doc 1 (length 4): K = 1.2 × (0.25 + 0.75 × 4 / (8/3)) = 1.65
    //     羊毛衫, tf 1: 0.980829 × 1 × 2.2 / (1 + 1.65) = 0.814273;  检测, tf 2: 0.470004 × 2 × 2.2 / (2 + 1.65) = 0.566580
    //     BM25 = 1.380853; the ceiling is (0.980829 + 0.470004) × 2.2 = 3.191833, so normalised 0.432621
    //   doc 3 (length 2): K = 1.2 × (0.25 + 0.75 × 2 / (8/3)) = 0.975; 检测, tf 1: 0.470004 × 2.2 / 1.975 = 0.523548
    const idx = new LexicalIndex();
    idx.upsert(1, ['羊毛衫', '缩水', '检测', '检测']);
    idx.upsert(2, ['黄酒', '发酵']);
    idx.upsert(3, ['盐雾', '检测']);
    const q = ['羊毛衫', '检测'];
    const hits = idx.search(q, 10);
    expect(hits.map((h) => h.id)).toEqual([1, 3]);
    expect(hits[0]!.score).toBeCloseTo(1.380853, 5);
    expect(hits[0]!.normalised).toBeCloseTo(0.432621, 5);
    expect(hits[1]!.score).toBeCloseTo(0.523548, 5);
    expect(idx.scoreOf(q, 3).score).toBeCloseTo(0.523548, 5);
    expect(idx.scoreOf(q, 2)).toEqual({ id: 2, score: 0, normalised: 0, matched: [] });
    // Without doc 3: N = 2, average length 3, df(检测) = 1, so idf(羊毛衫) = idf(检测) = ln(1 + 1.5/1.5) = ln 2;
    // doc 1: K = 1.2 × (0.25 + 0.75 × 4/3) = 1.5; BM25 = ln 2 × (2.2/2.5 + 4.4/3.5) = 1.481355; normalised
    // 1.481355 / (2 × 2.2 × ln 2) = 0.485714.
    idx.remove(3);
    const after = idx.search(q, 10);
    expect(after.map((h) => h.id)).toEqual([1]);
    expect(after[0]!.score).toBeCloseTo(1.481355, 5);
    expect(after[0]!.normalised).toBeCloseTo(0.485714, 5);
  });

  it('knows which documents it holds, and scores one it does not hold 0', () => {
    const idx = build();
    expect(idx.has(2)).toBe(true);
    expect(idx.has(9)).toBe(false);
    expect(idx.scoreOf(['检测'], 9)).toEqual({ id: 9, score: 0, normalised: 0, matched: [] });
  });

  it('lists the matched words rarest first', () => {
    // 检测 is in two documents, 羊毛衫 and 缩水 in one each (equal idf, kept in query order).
    const idx = new LexicalIndex();
    idx.upsert(1, ['检测', '缩水', '羊毛衫']);
    idx.upsert(2, ['检测', '黄酒']);
    idx.upsert(3, ['发酵']);
    expect(idx.search(['检测', '缩水', '羊毛衫'], 5)[0]!.matched).toEqual(['缩水', '羊毛衫', '检测']);
    expect(idx.scoreOf(['检测', '羊毛衫', '缩水'], 1).matched).toEqual(['羊毛衫', '缩水', '检测']);
  });

  it('normalises to 0 when the query could score nothing at all', () => {
    // Every word at weight 0, or no words: the ceiling is 0, and so is every normalised score (not 0/0).
    const idx = build();
    const hits = idx.search(['检测'], 5, undefined, new Map([['检测', 0]]));
    expect(hits.map((h) => [h.id, h.score, h.normalised])).toEqual([[1, 0, 0], [3, 0, 0]]);
    expect(idx.scoreOf(['检测'], 3, new Map([['检测', 0]]))).toMatchObject({ score: 0, normalised: 0, matched: ['检测'] });
    expect(idx.scoreOf([], 3)).toEqual({ id: 3, score: 0, normalised: 0, matched: [] });
  });

  it('returns nothing when asked for no hits, or when it is empty', () => {
    expect(build().search(['检测'], 0)).toEqual([]);
    expect(new LexicalIndex().search(['检测'], 5)).toEqual([]);
    expect(new LexicalIndex().scoreOf(['检测'], 1)).toEqual({ id: 1, score: 0, normalised: 0, matched: [] });
  });

  it('weighs each query word by its weight, in the score and in the ceiling', () => {
    // Documents 1: [a, b], 2: [c, d]: N = 2, every length 2, so K = 1.2 and each matched word scores idf · 2.2 / 2.2.
    // idf = ln(1 + 1.5 / 1.5) = ln 2 for a and b. Query a (weight 1), b (weight 0.5): score 1.5 ln 2, ceiling
    // 2.2 · 1.5 ln 2, normalised 1 / 2.2.
    const idx = new LexicalIndex();
    idx.upsert(1, ['a', 'b']);
    idx.upsert(2, ['c', 'd']);
    const [hit] = idx.search(['a', 'b'], 5, undefined, new Map([['b', 0.5]]));
    expect(hit!.score).toBeCloseTo(1.5 * Math.LN2, 12);
    expect(hit!.normalised).toBeCloseTo(1 / 2.2, 12);
    expect(idx.scoreOf(['a', 'b'], 1, new Map([['b', 0.5]])).score).toBeCloseTo(1.5 * Math.LN2, 12);
  });

  it('keeps only the documents a filter accepts', () => {
    expect(build().search(tokenize('检测'), 5, (id) => id !== 1).map((h) => h.id)).toEqual([3]);
  });

  it('idf falls as a word becomes common', () => {
    expect(bm25Idf(100, 1)).toBeGreaterThan(bm25Idf(100, 50));
  });
});

describe('LexicalIndex against exhaustive BM25', () => {
  // The reference: every posting of every query word scored, summed in query-word order, all sorted.
  class Exhaustive {
    readonly docs = new Map<number, string[]>();
    search(words: readonly string[], k: number, accept?: (id: number) => boolean, weights?: ReadonlyMap<string, number>) {
      const hits = [...this.docs.keys()].filter((id) => words.some((w) => this.docs.get(id)!.includes(w)) && (!accept || accept(id))).map((id) => this.scoreOf(words, id, weights));
      return hits.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, Math.max(0, k));
    }
    scoreOf(words: readonly string[], id: number, weights?: ReadonlyMap<string, number>) {
      const n = this.docs.size;
      const avg = [...this.docs.values()].reduce((s, d) => s + d.length, 0) / n;
      const doc = this.docs.get(id);
      const terms = [...new Set(words)].map((word) => ({ word, idf: bm25Idf(n, [...this.docs.values()].filter((d) => d.includes(word)).length), weight: weights?.get(word) ?? 1 }));
      const ceiling = terms.reduce((s, t) => s + t.weight * t.idf * 2.2, 0);
      if (!doc) return { id, score: 0, normalised: 0, matched: [] as string[] };
      let score = 0;
      for (const t of terms) {
        const tf = doc.filter((w) => w === t.word).length;
        if (tf) score += t.weight * bm25Term(t.idf, tf, doc.length, avg, DEFAULT_BM25);
      }
      const matched = terms.filter((t) => doc.includes(t.word)).sort((a, b) => b.idf - a.idf).map((t) => t.word);
      return { id, score, normalised: ceiling > 0 ? score / ceiling : 0, matched };
    }
  }

  const vocabulary = ['检测', '盐雾', '镀层', '纺织', '缩水', '黄酒', '发酵', '色牢度', '振动', '专利', '融资', '模具'];
  const word = fc.constantFrom(...vocabulary);
  const operation = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('upsert' as const), id: fc.integer({ min: 1, max: 60 }), words: fc.array(word, { maxLength: 9 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 60 }) }) },
    // What a warm start does after its bulk load: the arrays cut to what they hold, changes after it must grow them.
    { weight: 1, arbitrary: fc.record({ op: fc.constant('trim' as const) }) },
  );
  const query = fc.record({
    words: fc.array(fc.oneof(word, fc.constant('无此词')), { minLength: 1, maxLength: 8 }),
    weights: fc.dictionary(word, fc.constantFrom(0, 0.25, 0.5, 2)),
    k: fc.integer({ min: 0, max: 70 }),
    modulus: fc.integer({ min: 1, max: 4 }),
  });

  it('returns the same hits with the same scores, bit for bit, after any upserts and removals', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 150 }), fc.array(query, { minLength: 1, maxLength: 5 }), (operations, queries) => {
        const index = new LexicalIndex();
        const reference = new Exhaustive();
        for (const o of operations) {
          if (o.op === 'upsert') {
            index.upsert(o.id, o.words);
            reference.docs.set(o.id, o.words);
          } else if (o.op === 'remove') {
            index.remove(o.id);
            reference.docs.delete(o.id);
          } else index.trim();
        }
        expect(index.size).toBe(reference.docs.size);
        for (const [id, words] of reference.docs) expect(index.wordsOf(id).sort()).toEqual([...words].sort());
        for (const q of queries) {
          const weights = new Map(Object.entries(q.weights));
          const accept = q.modulus === 1 ? undefined : (id: number) => id % q.modulus !== 0;
          expect(index.search(q.words, q.k, accept, weights)).toEqual(reference.docs.size === 0 ? [] : reference.search(q.words, q.k, accept, weights));
          for (const id of [...reference.docs.keys(), 61]) expect(index.scoreOf(q.words, id, weights)).toEqual(reference.scoreOf(q.words, id, weights));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact when searches come between the changes (what it keeps between searches follows every change)', () => {
    const step = fc.oneof({ weight: 3, arbitrary: operation }, { weight: 1, arbitrary: fc.record({ op: fc.constant('search' as const), q: query }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const index = new LexicalIndex();
        const reference = new Exhaustive();
        for (const s of steps) {
          if (s.op === 'upsert') {
            index.upsert(s.id, s.words);
            reference.docs.set(s.id, s.words);
          } else if (s.op === 'remove') {
            index.remove(s.id);
            reference.docs.delete(s.id);
          } else if (s.op === 'trim') index.trim();
          else if (reference.docs.size > 0) {
            const weights = new Map(Object.entries(s.q.weights));
            expect(index.search(s.q.words, s.q.k, undefined, weights)).toEqual(reference.search(s.q.words, s.q.k, undefined, weights));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact across a compaction that renumbers the documents, however alike the index looks before and after', () => {
    const index = new LexicalIndex();
    const reference = new Exhaustive();
    const put = (id: number, words: string[]) => (index.upsert(id, words), reference.docs.set(id, words));
    const doc = (i: number) => Array.from({ length: 2 + (i % 7) }, (_, j) => vocabulary[(i + j * 5) % vocabulary.length]!);
    for (let i = 1; i <= 1200; i++) put(i, doc(i));
    const q = ['检测', '盐雾', '缩水', '专利'];
    expect(index.search(q, 20)).toEqual(reference.search(q, 20));
    // Enough removals to compact (slots renumbered), then the same lengths again: the average comes back.
    for (let i = 1; i <= 1000; i++) (index.remove(i), reference.docs.delete(i));
    for (let i = 1; i <= 1000; i++) put(i, doc(i + 3));
    expect(index.search(q, 20)).toEqual(reference.search(q, 20));
    for (const id of [1, 600, 1100]) expect(index.scoreOf(q, id)).toEqual(reference.scoreOf(q, id));
    // The documents' own words moved with their slots: they still read back, and a removal still finds its postings.
    for (const id of [1, 600, 1001, 1200]) expect(index.wordsOf(id).sort()).toEqual([...reference.docs.get(id)!].sort());
    for (const id of [1001, 1100, 5]) (index.remove(id), reference.docs.delete(id));
    expect(index.search(q, 20)).toEqual(reference.search(q, 20));
  });

  it('stays exact on long posting lists with a small k, where the k-th best rises fast', () => {
    // Few words, many documents, small k: the floor closes the search early and most documents cannot reach it.
    const common = fc.constantFrom('检测', '检测', '检测', '服务', '服务', '盐雾', '镀层', '缩水');
    fc.assert(
      fc.property(
        fc.array(fc.array(common, { minLength: 1, maxLength: 12 }), { minLength: 200, maxLength: 700 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 100 }),
        fc.array(fc.array(common, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        (documents, removed, queries, k) => {
          const index = new LexicalIndex();
          const reference = new Exhaustive();
          documents.forEach((words, i) => {
            index.upsert(i + 1, words);
            reference.docs.set(i + 1, words);
          });
          for (const id of removed) {
            index.remove(id);
            reference.docs.delete(id);
          }
          for (const q of queries) expect(index.search(q, k)).toEqual(reference.search(q, k));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stays exact when most documents barely mention the words and a few short ones are all about them', () => {
    // Long documents that barely mention the words, and here and there a short one that is all about them: most
    // documents score low and are dropped once the floor rises, and the best are few and scattered.
    const words = ['检测', '服务', '盐雾'];
    const weak = fc.tuple(fc.subarray(words, { minLength: 1 }), fc.integer({ min: 20, max: 40 })).map(([w, n]) => [...w, ...Array<string>(n).fill('填充')]);
    const strong = fc.array(fc.constantFrom(...words), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 19, arbitrary: weak }, { weight: 1, arbitrary: strong }), { minLength: 300, maxLength: 900 }),
        fc.subarray(words, { minLength: 1 }),
        fc.integer({ min: 1, max: 5 }),
        (documents, query, k) => {
          const index = new LexicalIndex();
          const reference = new Exhaustive();
          documents.forEach((w, i) => {
            index.upsert(i + 1, w);
            reference.docs.set(i + 1, w);
          });
          expect(index.search(query, k)).toEqual(reference.search(query, k));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('stays exact when the best documents each hold only one of two words, wherever they sit in the lists', () => {
    // Two words, a best document holding only one of them placed anywhere, and one holding only the other at the
    // end (so neither word's postings can be skipped).
    fc.assert(
      fc.property(fc.array(fc.constantFrom(['盐雾'], ['镀层'], ['盐雾', '镀层']), { minLength: 150, maxLength: 400 }), fc.nat(), (pattern, at) => {
        const documents = [['盐雾', '镀层'], ...pattern.map((w) => [...w, ...Array<string>(30).fill('填充')])];
        documents.splice(1 + (at % pattern.length), 0, Array<string>(6).fill('盐雾'));
        documents.push(Array<string>(6).fill('镀层'));
        const index = new LexicalIndex();
        const reference = new Exhaustive();
        documents.forEach((w, i) => {
          index.upsert(i + 1, w);
          reference.docs.set(i + 1, w);
        });
        for (const k of [1, 2]) expect(index.search(['盐雾', '镀层'], k)).toEqual(reference.search(['盐雾', '镀层'], k));
      }),
      { numRuns: 100 },
    );
  });

  it('stays exact when the best two differ by less than float32 rounding of their partial scores', () => {
    // Two documents that hold the same words with their tfs swapped, weighed so that they differ by a few parts in
    // ten million: the partial scores pruning reads round to float32, and the better one must not be dropped.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: 1e-9, max: 1e-6, noNaN: true }), fc.integer({ min: 0, max: 40 }), (x, y, gap, others) => {
        fc.pre(x !== y);
        const words = ['盐雾', '镀层', '检测'];
        const a = [...Array<string>(x).fill('盐雾'), ...Array<string>(y).fill('镀层'), '检测'];
        const b = [...Array<string>(y).fill('盐雾'), ...Array<string>(x).fill('镀层'), '检测'];
        const documents = [a, b, ...Array.from({ length: others }, (_, i) => [...words.slice(0, 1 + (i % 3)), ...Array<string>(8).fill('填充')])];
        const weights = new Map([['盐雾', 1], ['镀层', 1 + (x > y ? -gap : gap)], ['检测', 0.5]]);
        const index = new LexicalIndex();
        const reference = new Exhaustive();
        documents.forEach((w, i) => {
          index.upsert(i + 1, w);
          reference.docs.set(i + 1, w);
        });
        for (const k of [1, 2, 3]) expect(index.search(words, k, undefined, weights)).toEqual(reference.search(words, k, undefined, weights));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps reading every word’s postings while a document not seen yet could still reach the best k', () => {
    // The rarest word (read first) is in long documents; the best ones hold only the common words, often.
    const common = ['检测', '服务', '镀层'];
    const rare = fc.integer({ min: 0, max: 30 }).map((n) => ['盐雾', ...Array<string>(n).fill('填充')]);
    const other = fc.tuple(fc.array(fc.constantFrom(...common), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 30 })).map(([w, n]) => [...w, ...Array<string>(n).fill('填充')]);
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 1, arbitrary: rare }, { weight: 6, arbitrary: other }), { minLength: 20, maxLength: 200 }), fc.integer({ min: 1, max: 5 }), (documents, k) => {
        const index = new LexicalIndex();
        const reference = new Exhaustive();
        documents.forEach((w, i) => {
          index.upsert(i + 1, w);
          reference.docs.set(i + 1, w);
        });
        const query = ['盐雾', ...common];
        expect(index.search(query, k)).toEqual(reference.search(query, k));
      }),
      { numRuns: 300 },
    );
  });

  it('lets a later document that ties the k-th best in but has a lower id replace it', () => {
    // Identical documents score alike and every bound is tight; inserted from id 100 down, the best three are 1–3.
    const index = new LexicalIndex();
    for (let id = 100; id >= 1; id--) index.upsert(id, ['检测', '盐雾']);
    index.upsert(101, ['黄酒']);
    expect(index.search(['检测', '盐雾'], 3).map((h) => h.id)).toEqual([1, 2, 3]);
  });

  it('stays exact when most documents are removed and the postings are rewritten without them', () => {
    const index = new LexicalIndex();
    const reference = new Exhaustive();
    const rng = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const random = rng(7);
    const words = (n: number) => Array.from({ length: 1 + Math.floor(random() * n) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
    for (let id = 1; id <= 3000; id++) {
      const w = words(8);
      index.upsert(id, w);
      reference.docs.set(id, w);
    }
    // 2,500 removals leave ~5,000 dead postings against ~2,000 live: more than enough to rewrite the arrays.
    for (let id = 1; id <= 3000; id++) {
      if (id % 6 === 0) continue;
      index.remove(id);
      reference.docs.delete(id);
    }
    for (let id = 3001; id <= 3100; id++) {
      const w = words(8);
      index.upsert(id, w);
      reference.docs.set(id, w);
    }
    expect(index.size).toBe(600);
    for (const q of [['检测', '盐雾'], ['缩水', '纺织', '色牢度', '模具'], vocabulary]) {
      for (const k of [1, 10, 100, 1000]) expect(index.search(q, k)).toEqual(reference.search(q, k));
    }
  });
});
