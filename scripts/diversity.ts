// npm run diversity: what moving near-duplicates down does to the demo corpus's lists (its 800 needs, title and
// description, top 10), with and without it: lists holding a near-duplicate (a second listing of one provider, or
// a second service of one offering), how many such entries, and the mean intra-list similarity. The demo needs
// have no relevance labels: `npm run eval` gives nDCG@10 with and without it on the labelled sets. Uses
// bench:scale's database for one copy of the demo corpus (`npm run bench:scale -- --resources 2565` makes it).
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/engine.js';
import { createLogger } from '../src/log.js';
import { intraListSimilarity, listingKeys } from '../src/match/diversify.js';
import type { ScoredMatch } from '../src/match/types.js';
import { DEFAULT_SEED, generateSeedCorpus } from '../src/seed/corpus.js';
import { scaledDatabase } from './lib/scaled-corpus.js';

/** Entries of a list that repeat an earlier one's provider or (for services) its offering. */
function repeats(matches: readonly ScoredMatch[]): number {
  const seen = new Set<string>();
  let n = 0;
  for (const { profile: p } of matches) {
    const { provider, offering } = listingKeys(p);
    const keys = [provider, offering === null ? null : `offering:${offering}`].filter((k): k is string => k !== null);
    if (keys.some((k) => seen.has(k))) n++;
    for (const k of keys) seen.add(k);
  }
  return n;
}

const engine = await createEngine({ config: { databaseUrl: await scaledDatabase(1), dataDir: join(loadConfig().dataDir, 'bench-scale-x1') }, log: createLogger('warn') });
try {
  const similarity = (a: number, b: number) => engine.index().dense.similarityBetween(a, b);
  const needs = generateSeedCorpus(DEFAULT_SEED).needs;
  for (const diversity of [false, true]) {
    let lists = 0;
    let entries = 0;
    let ils = 0;
    for (const n of needs) {
      const { matches } = await engine.matcher.match({ text: `${n.title}。${n.description}`, wantsVoucher: false, filters: {}, limit: 10, diversity });
      const r = repeats(matches);
      if (r > 0) lists++;
      entries += r;
      ils += intraListSimilarity(matches.map((m) => m.profile.id), similarity) / needs.length;
    }
    console.log(`${diversity ? 'with it   ' : 'without it'}: ${lists} of ${needs.length} lists hold a near-duplicate (${entries} entries); intra-list similarity ${ils.toFixed(4)}`);
  }
} finally {
  await engine.close();
}
