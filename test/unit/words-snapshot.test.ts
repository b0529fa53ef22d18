// The keyword index's words on disk: read back as written, and never read when another tokenizer wrote them or
// the file is damaged (the caller then tokenises).
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import { readWordsSnapshot, saveWordsSnapshot } from '../../src/retrieval/snapshot.js';

describe('words snapshot', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const documents: Array<[number, string, string[]]> = [
    [3, 'key-a', ['缩水', '检测', '缩水', '羊毛衫']],
    [17, 'key-b', ['黄酒']],
    [2 ** 31 - 1, 'key-c', []],
  ];
  const sorted = (words: string[]) => [...words].sort();

  it('reads back each document’s key and words', () => {
    dir = mkdtempSync(join(tmpdir(), 'sxm-words-'));
    saveWordsSnapshot(dir, 'tok-1', documents);
    const saved = readWordsSnapshot(dir, 'tok-1')!;
    expect([...saved.ids()]).toEqual(documents.map((d) => d[0]));
    for (const [id, key, words] of documents) {
      expect(saved.get(id)!.key).toBe(key);
      expect(sorted(saved.get(id)!.words)).toEqual(sorted(words));
    }
  });

  it('round-trips an index: the same scores from the saved words', () => {
    dir = mkdtempSync(join(tmpdir(), 'sxm-words-'));
    const index = new LexicalIndex();
    for (const [id, , words] of documents) index.upsert(id, words);
    saveWordsSnapshot(dir, 'tok-1', [...index.documents()].map(([id, words]) => [id, `k${id}`, words]));
    const again = new LexicalIndex();
    for (const [id, { words }] of readWordsSnapshot(dir, 'tok-1')!) again.upsert(id, words);
    expect(again.search(['缩水', '黄酒', '检测'], 10)).toEqual(index.search(['缩水', '黄酒', '检测'], 10));
  });

  it('is not read when another tokenizer wrote it, a byte changed or the file was cut short', () => {
    dir = mkdtempSync(join(tmpdir(), 'sxm-words-'));
    expect(readWordsSnapshot(dir, 'tok-1')).toBeUndefined();
    saveWordsSnapshot(dir, 'tok-1', documents);
    expect(readWordsSnapshot(dir, 'tok-2')).toBeUndefined();
    const file = join(dir, 'resources.words');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(file, bytes);
    expect(readWordsSnapshot(dir, 'tok-1')).toBeUndefined();
    saveWordsSnapshot(dir, 'tok-1', documents);
    truncateSync(file, readFileSync(file).length - 4);
    expect(readWordsSnapshot(dir, 'tok-1')).toBeUndefined();
  });
});
