// npm run bench:lexical [-- --resources 100000]: the keyword (BM25) index alone at province scale. The corpus is
// the demo generator's resources under as many seeds as it takes; the queries are the demo needs, long (title and
// description, expanded with the concept lexicon as the match pipeline does: what the batch and id matches send)
// and short (the title alone, as a portal's search box sends). Prints build time, memory and per-query latency of
// a top-100 search (the pipeline's depth) and of exact scores for 100 given candidates (the dense side's).
import { DEFAULT_SEED, generateSeedCorpus } from '../src/seed/corpus.js';
import { needDocument, resourceDocument, type ResourceLike } from '../src/retrieval/documents.js';
import { LexicalIndex } from '../src/retrieval/lexical-index.js';
import { tokenize } from '../src/retrieval/tokenize.js';
import { expandQuery, type LexicalQuery } from '../src/understanding/expand.js';
import { Lexicon } from '../src/understanding/lexicon.js';
import { DEFAULT_RETRIEVAL } from '../src/match/settings.js';
import { parseArgs } from 'node:util';
import { mib, quantile } from './lib/bench.js';

const { values } = parseArgs({ options: { resources: { type: 'string', default: '100000' } } });
const N = Number(values.resources);
if (!Number.isInteger(N) || N < 1) throw new Error('usage: npm run bench:lexical -- [--resources N]');
const DEPTH = DEFAULT_RETRIEVAL.depth;

const texts: string[] = [];
for (let seed = DEFAULT_SEED; texts.length < N; seed++) {
  for (const r of generateSeedCorpus(seed).resources) {
    if (texts.length === N) break;
    texts.push(resourceDocument({ ...r, id: 0, region: r.region ?? null } as ResourceLike));
  }
}
const t0 = performance.now();
const words = texts.map(tokenize);
const tokenised = performance.now() - t0;

global.gc?.();
const before = process.memoryUsage().rss;
const t1 = performance.now();
const index = new LexicalIndex();
for (let i = 0; i < N; i++) index.upsert(i + 1, words[i]!);
const built = performance.now() - t1;
words.length = 0;
global.gc?.();
const grown = process.memoryUsage().rss - before;

const lexicon = Lexicon.committed();
const asQuery = (text: string): LexicalQuery => expandQuery(tokenize(text), lexicon.understand(text), DEFAULT_RETRIEVAL.expansion);
const needs = generateSeedCorpus(DEFAULT_SEED).needs;
const sets = { long: needs.map((n) => asQuery(needDocument(n))), short: needs.map((n) => asQuery(n.title)) };

console.log(`resources ${N}: tokenised in ${(tokenised / 1000).toFixed(1)} s, indexed in ${(built / 1000).toFixed(1)} s, RSS +${mib(grown)} MiB`);
for (const [name, queries] of Object.entries(sets)) {
  const search: number[] = [];
  const given: number[] = [];
  let terms = 0;
  for (const [i, q] of queries.entries()) {
    const s0 = performance.now();
    index.search(q.words, DEPTH, undefined, q.weights);
    const s1 = performance.now();
    index.scoresOf(q.words, Array.from({ length: 100 }, (_, j) => 1 + ((i * 7919 + j * 104729) % N)), q.weights);
    const s2 = performance.now();
    if (i < 20) continue; // warm-up
    search.push(s1 - s0);
    given.push(s2 - s1);
    terms += new Set(q.words).size;
  }
  const ms = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(2)} ms, p99 ${quantile(xs, 0.99).toFixed(2)} ms`;
  console.log(
    `${name.padEnd(5)} queries (${queries.length - 20}, ${(terms / search.length).toFixed(0)} distinct words on average): ` +
      `top-${DEPTH} search ${ms(search)}; 100 given candidates ${ms(given)}`,
  );
}
