// Modules that do work as they load: the pipeline reads the committed lexicon, the explanation looks up the label
// of the semantic component. They are imported inside the tests here (and nowhere at this file's top), so that a
// fault in that work fails a test rather than stopping a test file from loading at all.
import { describe, expect, it } from 'vitest';

describe('the modules that work as they load', () => {
  it('find the committed lexicon next to the lexicon module', async () => {
    const { COMMITTED_LEXICON, readLexiconFile } = await import('../../src/understanding/lexicon.js');
    expect(COMMITTED_LEXICON).toMatch(/[/\\]src[/\\]understanding[/\\]concepts\.v1\.json$/);
    expect(readLexiconFile().length).toBeGreaterThanOrEqual(300);
  });

  it('let the pipeline understand a need with the committed lexicon and explain its match', async () => {
    const { MatchPipeline } = await import('../../src/match/pipeline.js');
    const { SearchIndex } = await import('../../src/retrieval/search-index.js');
    const index = SearchIndex.empty(2);
    index.upsert({ id: 1, kind: 'lab', name: 'r1', industries: ['textile'], categories: ['testing'], region: null, voucherEligible: false, capacityPerMonth: 1, availability: 'available', provider: null }, Float32Array.from([1, 0]), ['缩水'], 'k');
    const fail = () => {
      throw new Error('the model must not be called');
    };
    const pipeline = new MatchPipeline({ index: () => index, embedder: { modelId: 'm', dimension: 2, embedPassages: fail, embedQuery: fail } });
    const result = await pipeline.match({ text: '衣服缩水了', wantsVoucher: false, filters: {}, limit: 5 }, { vector: Float32Array.from([1, 0]) });
    expect(result.inference.understood.map((u) => u.key)).toEqual(['tx-shrinkage']);
    expect(result.matches[0]!.explanation).toMatch(/^语义相近 1\.00；理解为：尺寸稳定性与缩水率检测；关键词命中：缩水/);
  });
});
