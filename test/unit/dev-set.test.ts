// Checks the hand-labelled Shaoxing dev set (test/fixtures/shaoxing-dev, BEIR layout): every line parses,
// every code is one the taxonomy knows, every judgement points at existing ids, every need has a score-2 answer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { CATEGORIES, INDUSTRIES, REGION_CODES, RESOURCE_KINDS, SHAOXING_DISTRICTS } from '../../src/domain/taxonomy.js';

const dir = fileURLToPath(new URL('../fixtures/shaoxing-dev/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');

/** Non-empty lines of a JSONL file, each parsed; a line that does not parse fails with its number. */
function readJsonl(name: string): Record<string, unknown>[] {
  const lines = read(name).split('\n');
  const out: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      // only a trailing newline is allowed
      expect(i, `${name}: blank line ${i + 1}`).toBe(lines.length - 1);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${name}: line ${i + 1} is not valid JSON: ${String(err)}`);
    }
    expect(typeof value === 'object' && value !== null && !Array.isArray(value), `${name}: line ${i + 1} is not an object`).toBe(true);
    out.push(value as Record<string, unknown>);
  });
  return out;
}

const industries = new Set<string>(INDUSTRIES);
const categories = new Set<string>(CATEGORIES);
const kinds = new Set<string>(RESOURCE_KINDS);
const regions = new Set<string>(REGION_CODES);

const corpus = readJsonl('corpus.jsonl');
const queries = readJsonl('queries.jsonl');
const qrelLines = read('qrels.tsv').split('\n').filter((l) => l.trim() !== '');

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe('shaoxing-dev corpus.jsonl', () => {
  it('has about 240 resources with unique ids', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(duplicates(corpus.map((r) => String(r._id)))).toEqual([]);
  });

  it('every resource has the required fields with valid codes', () => {
    for (const r of corpus) {
      const where = `resource ${String(r._id)}`;
      expect(typeof r._id === 'string' && /^r\d{3}$/.test(r._id), `${where}: _id`).toBe(true);
      expect(typeof r.title === 'string' && r.title.trim().length > 0, `${where}: title`).toBe(true);
      expect(typeof r.text === 'string', `${where}: text`).toBe(true);
      const len = [...String(r.text)].length;
      expect(len >= 50 && len <= 200, `${where}: text length ${len} not in 50..200`).toBe(true);
      expect(typeof r.kind === 'string' && kinds.has(r.kind), `${where}: kind ${String(r.kind)}`).toBe(true);
      expect(isStringArray(r.industries), `${where}: industries`).toBe(true);
      for (const code of r.industries as string[]) expect(industries.has(code), `${where}: industry ${code}`).toBe(true);
      expect(duplicates(r.industries as string[]), `${where}: repeated industry`).toEqual([]);
      expect(isStringArray(r.categories) && r.categories.length > 0, `${where}: categories`).toBe(true);
      for (const code of r.categories as string[]) expect(categories.has(code), `${where}: category ${code}`).toBe(true);
      expect(duplicates(r.categories as string[]), `${where}: repeated category`).toEqual([]);
      expect(typeof r.region === 'string' && regions.has(r.region), `${where}: region ${String(r.region)}`).toBe(true);
      expect(typeof r.voucherEligible, `${where}: voucherEligible`).toBe('boolean');
      expect(Number.isInteger(r.capacityPerMonth) && (r.capacityPerMonth as number) > 0, `${where}: capacityPerMonth`).toBe(true);
    }
  });

  it('covers every kind, industry, category and Shaoxing district', () => {
    expect(new Set(corpus.map((r) => r.kind))).toEqual(kinds);
    expect(new Set(corpus.flatMap((r) => r.industries as string[]))).toEqual(industries);
    expect(new Set(corpus.flatMap((r) => r.categories as string[]))).toEqual(categories);
    const seenRegions = new Set(corpus.map((r) => r.region as string));
    for (const d of SHAOXING_DISTRICTS) expect(seenRegions.has(d), `no resource in ${d}`).toBe(true);
    for (const outside of ['hangzhou', 'ningbo', 'shanghai']) expect(seenRegions.has(outside), `no resource in ${outside}`).toBe(true);
  });
});

describe('shaoxing-dev queries.jsonl', () => {
  it('has about 100 needs with unique ids', () => {
    expect(queries.length).toBeGreaterThanOrEqual(90);
    expect(duplicates(queries.map((q) => String(q._id)))).toEqual([]);
    expect(duplicates(queries.map((q) => String(q.text)))).toEqual([]);
  });

  it('every need has text and valid form metadata', () => {
    for (const q of queries) {
      const where = `query ${String(q._id)}`;
      expect(typeof q._id === 'string' && /^q\d{3}$/.test(q._id), `${where}: _id`).toBe(true);
      expect(typeof q.text, `${where}: text`).toBe('string');
      const len = [...String(q.text)].length;
      expect(len >= 8 && len <= 80, `${where}: text length ${len} not in 8..80`).toBe(true);
      expect(typeof q.industry === 'string' && industries.has(q.industry), `${where}: industry ${String(q.industry)}`).toBe(true);
      expect(typeof q.category === 'string' && categories.has(q.category), `${where}: category ${String(q.category)}`).toBe(true);
      expect(typeof q.region === 'string' && regions.has(q.region), `${where}: region ${String(q.region)}`).toBe(true);
      expect(typeof q.wantsVoucher, `${where}: wantsVoucher`).toBe('boolean');
    }
  });
});

describe('shaoxing-dev qrels.tsv', () => {
  const corpusIds = new Set(corpus.map((r) => r._id as string));
  const queryIds = new Set(queries.map((q) => q._id as string));
  const rows = qrelLines.slice(1).map((line) => line.split('\t'));

  it('has the BEIR header and three columns per row', () => {
    expect(qrelLines[0]).toBe('query-id\tcorpus-id\tscore');
    for (const row of rows) expect(row.length, `row ${row.join(' ')}`).toBe(3);
  });

  it('every judgement points at existing ids with a score of 1 or 2, once', () => {
    const pairs: string[] = [];
    for (const [qid = '', cid = '', score = ''] of rows) {
      expect(queryIds.has(qid), `unknown query ${qid}`).toBe(true);
      expect(corpusIds.has(cid), `unknown resource ${cid}`).toBe(true);
      expect(['1', '2'], `score ${score} for ${qid}/${cid}`).toContain(score);
      pairs.push(`${qid}/${cid}`);
    }
    expect(duplicates(pairs)).toEqual([]);
  });

  it('every query has at least one score-2 judgement', () => {
    const withTwo = new Set(rows.filter((r) => r[2] === '2').map((r) => r[0]));
    const missing = [...queryIds].filter((id) => !withTwo.has(id));
    expect(missing).toEqual([]);
  });
});
