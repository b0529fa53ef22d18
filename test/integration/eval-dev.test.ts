// The evaluation path end to end on the hand-labelled domain set: the full engine must beat both single
// retrievers, with the queries' form metadata and without it (bare-text needs rely on inference); and in the other
// direction (outreach, the qrels reversed), scoring each shortlisted need as its own match would must beat sending
// a resource to the needs nearest its vector.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine.js';
import { readBeir } from '../../src/eval/beir.js';
import { evaluateReverse } from '../../src/eval/reverse.js';
import { evaluate } from '../../src/eval/run.js';
import { createLogger } from '../../src/log.js';
import { tempDataDir } from '../helpers/database.js';

const set = readBeir(resolve(import.meta.dirname, '../fixtures/shaoxing-dev'));

describe('evaluation on shaoxing-dev', () => {
  const data = tempDataDir('eval');
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ config: { dataDir: data.dir, databaseUrl: undefined }, log: createLogger('silent') });
  });
  afterAll(async () => {
    await engine?.close();
    data.remove();
  });

  for (const withMeta of [true, false]) {
    it(`hybrid beats dense-only and lexical-only ${withMeta ? 'with' : 'without'} query metadata`, async () => {
      const report = await evaluate(engine, set, { withMeta });
      console.log(JSON.stringify({ withMeta, ...report }));
      expect(report.queries).toBe(set.queries.length);
      expect(report.docs).toBe(set.corpus.length);
      expect(report.engine['ndcg@10']).toBeGreaterThan(report.dense['ndcg@10']);
      expect(report.engine['ndcg@10']).toBeGreaterThan(report.lexical['ndcg@10']);
      expect(report.engine['recall@10']).toBeGreaterThanOrEqual(report.dense['recall@10']);
    });
  }

  it('ranks open needs for a provider better than its nearest needs by embedding (qrels reversed)', async () => {
    const report = await evaluateReverse(engine, set, { withMeta: true });
    console.log(JSON.stringify({ reverse: report }));
    expect(report.needs).toBe(set.queries.length);
    expect(report.providers).toBeGreaterThan(100);
    expect(report.outreach['ndcg@10']).toBeGreaterThan(report.dense['ndcg@10'] + 0.05);
    expect(report.outreach['recall@10']).toBeGreaterThanOrEqual(report.dense['recall@10']);
  });
});
