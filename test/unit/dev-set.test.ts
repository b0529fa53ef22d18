// Checks the hand-labelled Shaoxing dev sets (BEIR layout): test/fixtures/shaoxing-dev and
// test/fixtures/shaoxing-symptoms, which share one corpus. For each set: every line parses, every code is one the
// taxonomy knows, every judgement points at existing ids, every need has a score-2 answer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { CATEGORIES, INDUSTRIES, REGION_CODES, RESOURCE_KINDS, SHAOXING_DISTRICTS } from '../../src/domain/taxonomy.js';

/** What differs between the two sets; every other check is the same for both. */
interface DevSet {
  name: string;
  /** query ids are this letter and three digits */
  idPrefix: string;
  minQueries: number;
  minQueryLength: number;
  maxQueryLength: number;
  /** every category is the form category of at least this many queries (0: not checked) */
  minPerCategory: number;
  /** every industry is the form industry of at least one query */
  allIndustries: boolean;
}

const SETS: DevSet[] = [
  { name: 'shaoxing-dev', idPrefix: 'q', minQueries: 90, minQueryLength: 8, maxQueryLength: 80, minPerCategory: 0, allIndustries: false },
  { name: 'shaoxing-symptoms', idPrefix: 's', minQueries: 70, minQueryLength: 10, maxQueryLength: 80, minPerCategory: 2, allIndustries: true },
];

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const readIn = (set: string, name: string): string => readFileSync(`${fixtures}${set}/${name}`, 'utf8');

/** Non-empty lines of a JSONL file, each parsed; a line that does not parse fails with its number. */
function readJsonl(set: string, name: string): Record<string, unknown>[] {
  const lines = readIn(set, name).split('\n');
  const out: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      // only a trailing newline is allowed
      expect(i, `${set}/${name}: blank line ${i + 1}`).toBe(lines.length - 1);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${set}/${name}: line ${i + 1} is not valid JSON: ${String(err)}`);
    }
    expect(typeof value === 'object' && value !== null && !Array.isArray(value), `${set}/${name}: line ${i + 1} is not an object`).toBe(true);
    out.push(value as Record<string, unknown>);
  });
  return out;
}

const industries = new Set<string>(INDUSTRIES);
const categories = new Set<string>(CATEGORIES);
const kinds = new Set<string>(RESOURCE_KINDS);
const regions = new Set<string>(REGION_CODES);

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe.each(SETS)('$name', (set) => {
  const corpus = readJsonl(set.name, 'corpus.jsonl');
  const queries = readJsonl(set.name, 'queries.jsonl');
  const qrelLines = readIn(set.name, 'qrels.tsv').split('\n').filter((l) => l.trim() !== '');
  const idPattern = new RegExp(`^${set.idPrefix}\\d{3}$`);

  describe('corpus.jsonl', () => {
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

    if (set.name !== 'shaoxing-dev') {
      it('is the same corpus as shaoxing-dev', () => {
        expect(readIn(set.name, 'corpus.jsonl')).toBe(readIn('shaoxing-dev', 'corpus.jsonl'));
      });
    }
  });

  describe('queries.jsonl', () => {
    it(`has at least ${set.minQueries} needs with unique ids`, () => {
      expect(queries.length).toBeGreaterThanOrEqual(set.minQueries);
      expect(duplicates(queries.map((q) => String(q._id)))).toEqual([]);
      expect(duplicates(queries.map((q) => String(q.text)))).toEqual([]);
    });

    it('every need has text and valid form metadata', () => {
      for (const q of queries) {
        const where = `query ${String(q._id)}`;
        expect(typeof q._id === 'string' && idPattern.test(q._id), `${where}: _id`).toBe(true);
        expect(typeof q.text, `${where}: text`).toBe('string');
        const len = [...String(q.text)].length;
        expect(
          len >= set.minQueryLength && len <= set.maxQueryLength,
          `${where}: text length ${len} not in ${set.minQueryLength}..${set.maxQueryLength}`,
        ).toBe(true);
        expect(typeof q.industry === 'string' && industries.has(q.industry), `${where}: industry ${String(q.industry)}`).toBe(true);
        expect(typeof q.category === 'string' && categories.has(q.category), `${where}: category ${String(q.category)}`).toBe(true);
        expect(typeof q.region === 'string' && regions.has(q.region), `${where}: region ${String(q.region)}`).toBe(true);
        expect(typeof q.wantsVoucher, `${where}: wantsVoucher`).toBe('boolean');
      }
    });

    if (set.minPerCategory > 0 || set.allIndustries) {
      it('spreads over the taxonomy', () => {
        const perCategory = new Map<string, number>();
        for (const q of queries) perCategory.set(q.category as string, (perCategory.get(q.category as string) ?? 0) + 1);
        for (const c of categories) {
          expect(perCategory.get(c) ?? 0, `category ${c}`).toBeGreaterThanOrEqual(set.minPerCategory);
        }
        if (set.allIndustries) expect(new Set(queries.map((q) => q.industry as string))).toEqual(industries);
      });
    }

    if (set.name !== 'shaoxing-dev') {
      it('shares no query text with shaoxing-dev', () => {
        const devTexts = new Set(readJsonl('shaoxing-dev', 'queries.jsonl').map((q) => String(q.text)));
        expect(queries.map((q) => String(q.text)).filter((t) => devTexts.has(t))).toEqual([]);
      });
    }
  });

  describe('qrels.tsv', () => {
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
});
