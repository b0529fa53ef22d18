// npm run eval -- DIR [--no-query-meta] [--simulate-operators [--rounds N]] [--reverse [--shortlist N]] [--lexicon FILE]
// Registers a BEIR-layout corpus as resources in an embedded database of its own (DATA_DIR/eval/…, kept so a
// second run reuses the stored vectors), runs every query through the engine's match path in hybrid,
// dense-only and lexical-only mode, and prints one JSON object on its last line. With --simulate-operators it
// instead simulates operators deciding on the engine's suggestions with the set's labels (src/eval/simulate.ts)
// and prints nDCG@10 before and after each round of retraining. With --reverse it measures outreach instead:
// each judged document as a new resource, the queries as open needs, the qrels reversed. The concept lexicon is the committed file
// (src/understanding/concepts.v1.json) unless --lexicon names another one of the same format.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/engine.js';
import { readBeir } from '../src/eval/beir.js';
import { evalDataDir, evaluate } from '../src/eval/run.js';
import { evaluateReverse } from '../src/eval/reverse.js';
import { simulateOperators } from '../src/eval/simulate.js';
import { createLogger } from '../src/log.js';
import { Lexicon, readLexiconFile } from '../src/understanding/lexicon.js';
import { consoleProgress } from '../src/progress.js';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'no-query-meta': { type: 'boolean', default: false },
      'simulate-operators': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      reverse: { type: 'boolean', default: false },
      shortlist: { type: 'string' },
      lexicon: { type: 'string' },
    },
  });
  const dir = positionals[0];
  const rounds = Number(values.rounds);
  const shortlist = values.shortlist === undefined ? undefined : Number(values.shortlist);
  if (!dir || !existsSync(join(dir, 'corpus.jsonl')) || !Number.isInteger(rounds) || rounds < 1 || rounds > 20 || (shortlist !== undefined && !(Number.isInteger(shortlist) && shortlist >= 10 && shortlist <= 1000))) {
    console.error('usage: npm run eval -- DIR [--no-query-meta] [--simulate-operators [--rounds 1-20]] [--reverse [--shortlist 10-1000]] [--lexicon FILE]   (DIR holds corpus.jsonl, queries.jsonl, qrels.tsv)');
    process.exit(2);
  }
  const config = loadConfig();
  const dataDir = evalDataDir(config.dataDir, dir);
  const set = readBeir(dir);
  console.error(`[eval] ${set.corpus.length} docs, ${set.queries.length} queries from ${dir} (database: ${dataDir})`);
  const progress = consoleProgress();
  const lexicon = values.lexicon ? new Lexicon(readLexiconFile(values.lexicon)) : Lexicon.committed();
  console.error(`[eval] lexicon: ${values.lexicon ?? 'the committed file'} (${lexicon.size} concepts)`);
  const engine = await createEngine({ config: { dataDir, databaseUrl: undefined }, log: createLogger('warn'), onProgress: progress, lexicon });
  try {
    if (values.reverse) {
      const report = await evaluateReverse(engine, set, { withMeta: !values['no-query-meta'], ...(shortlist ? { shortlist } : {}), onProgress: (d, t) => progress('embedding corpus', d, t) });
      console.error(`[eval] reversed: ${report.providers} providers, ${report.needs} needs as open needs, ${report.shortlist} scored per provider`);
      for (const run of ['outreach', 'dense'] as const) {
        const s = report[run];
        console.error(`[eval] ${run.padEnd(8)} nDCG@10 ${s['ndcg@10'].toFixed(4)}  recall@10 ${s['recall@10'].toFixed(4)}  MRR@10 ${s['mrr@10'].toFixed(4)}`);
      }
      console.log(JSON.stringify(report));
      return;
    }
    if (values['simulate-operators']) {
      const sim = await simulateOperators(engine, set, { withMeta: !values['no-query-meta'], rounds, onProgress: (d, t) => progress('embedding corpus', d, t) });
      const line = (label: string, s: { reviewed: { 'ndcg@10': number }; heldOut: { 'ndcg@10': number } }) =>
        console.error(`[eval] ${label.padEnd(34)} nDCG@10 reviewed ${s.reviewed['ndcg@10'].toFixed(4)}  held out ${s.heldOut['ndcg@10'].toFixed(4)}`);
      line('before (hand-set weights)', sim.before);
      for (const r of sim.rounds) line(`round ${r.round} (${r.decisions} decisions, ${r.ranker.accepted ? 'adopted' : 'kept'})`, r);
      console.log(JSON.stringify(sim));
      return;
    }
    const report = await evaluate(engine, set, { withMeta: !values['no-query-meta'], onProgress: (d, t) => progress('embedding corpus', d, t) });
    for (const run of ['engine', 'dense', 'lexical'] as const) {
      const s = report[run];
      console.error(`[eval] ${run.padEnd(8)} nDCG@10 ${s['ndcg@10'].toFixed(4)}  recall@10 ${s['recall@10'].toFixed(4)}  MRR@10 ${s['mrr@10'].toFixed(4)}`);
    }
    const d = report.diversity;
    console.error(`[eval] diversity: nDCG@10 ${report.engine['ndcg@10'].toFixed(4)} with it, ${d.withoutIt['ndcg@10'].toFixed(4)} without; intra-list similarity of the top 10 ${d.intraListSimilarity.withIt.toFixed(4)} with it, ${d.intraListSimilarity.withoutIt.toFixed(4)} without`);
    const u = report.understanding;
    if (u) {
      for (const [label, c] of [['industry', u.industry], ['category', u.category]] as const) {
        console.error(`[eval] inferred ${label.padEnd(8)} from the bare text: top guess right ${(c.accuracy * 100).toFixed(1)}% of ${c.n}, confident (≥ 0.5) and wrong ${c.confidentWrong}, ECE ${c.ece.toFixed(3)} (10 bins)`);
      }
      console.error(`[eval] need classifier, the labelled queries as needs (5-fold): industry ${(u.classifier.industryAccuracy * 100).toFixed(1)}%, category ${(u.classifier.categoryAccuracy * 100).toFixed(1)}%`);
    }
    console.log(JSON.stringify(report));
  } finally {
    await engine.close();
  }
}

main().catch((err: unknown) => {
  console.error(`[eval] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
