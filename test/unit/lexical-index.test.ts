import { describe, expect, it } from 'vitest';
import { LexicalIndex, bm25Idf } from '../../src/retrieval/lexical-index.js';
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
  const index = new LexicalIndex();
  index.upsert(1, tokenize('纺织品缩水率检测 羊毛衫尺寸稳定性'));
  index.upsert(2, tokenize('黄酒酿造工艺 发酵控制'));
  index.upsert(3, tokenize('金属材料盐雾试验 检测'));

  it('ranks the document sharing rare words first and reports the words', () => {
    const hits = index.search(tokenize('羊毛衫缩水 检测'), 10);
    expect(hits[0]!.id).toBe(1);
    expect(hits[0]!.matched).toEqual(expect.arrayContaining(['羊毛衫', '缩水']));
    expect(hits.map((h) => h.id)).not.toContain(2);
  });

  it('normalises by the query ceiling into [0, 1)', () => {
    for (const h of index.search(tokenize('羊毛衫缩水 检测'), 10)) {
      expect(h.normalised).toBeGreaterThan(0);
      expect(h.normalised).toBeLessThan(1);
    }
    expect(index.search(tokenize('完全无关的词语'), 10)).toEqual([]);
  });

  it('scores a single document exactly as search does', () => {
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

  it('idf falls as a word becomes common', () => {
    expect(bm25Idf(100, 1)).toBeGreaterThan(bm25Idf(100, 50));
  });
});
