import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { creditCodeProblem } from '../../src/domain/credit-code.js';
import { enterpriseInput, needInput, resourceInput } from '../../src/domain/inputs.js';
import { CATEGORIES, INDUSTRIES, RESOURCE_KINDS, SHAOXING_DISTRICTS } from '../../src/domain/taxonomy.js';
import { generateSeedCorpus } from '../../src/seed/corpus.js';

// Generated once and shared: the generator is deterministic, so every test sees the same corpus.
const corpus = generateSeedCorpus();

describe('seed corpus', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSeedCorpus()).toEqual(corpus);
    expect(generateSeedCorpus(12345)).toEqual(generateSeedCorpus(12345));
    const other = generateSeedCorpus(12345);
    expect(other.enterprises.map((e) => e.name)).not.toEqual(corpus.enterprises.map((e) => e.name));
    expect(other.resources.map((r) => r.description)).not.toEqual(corpus.resources.map((r) => r.description));
  });

  it('the same seed gives the same corpus, byte for byte', () => {
    // Recorded before the vocabulary moved from TypeScript to JSON tables. A deliberate change to the corpus
    // (vocabulary or generator) must update this hash; an accidental one must not.
    const sha256 = createHash('sha256').update(JSON.stringify(corpus)).digest('hex');
    expect(sha256).toBe('bd634a5210b72c59f97215c9835a502f2e954532e9ab90c4b9dfbd5990b75879');
  });

  it('has the promised sizes', () => {
    expect(corpus.enterprises).toHaveLength(500);
    expect(corpus.needs).toHaveLength(800);
    expect(corpus.resources.length).toBeGreaterThanOrEqual(2000);
  });

  it('parses with the input schemas', () => {
    for (const e of corpus.enterprises) expect(enterpriseInput.safeParse(e).error).toBeUndefined();
    for (const { enterpriseIndex, ...need } of corpus.needs) {
      expect(needInput.safeParse({ ...need, enterpriseId: 1 }).error).toBeUndefined();
      expect(Number.isInteger(enterpriseIndex)).toBe(true);
    }
    for (const r of corpus.resources) expect(resourceInput.safeParse(r).error).toBeUndefined();
  });

  it('points every need at an existing enterprise', () => {
    for (const n of corpus.needs) {
      expect(n.enterpriseIndex).toBeGreaterThanOrEqual(0);
      expect(n.enterpriseIndex).toBeLessThan(corpus.enterprises.length);
    }
  });

  it('covers every kind, industry, category and Shaoxing district', () => {
    const kinds = new Set(corpus.resources.map((r) => r.kind));
    const industries = new Set(corpus.resources.flatMap((r) => r.industries));
    const categories = new Set(corpus.resources.flatMap((r) => r.categories));
    const regions = new Set(corpus.resources.map((r) => r.region));
    for (const k of RESOURCE_KINDS) expect(kinds, k).toContain(k);
    for (const i of INDUSTRIES) expect(industries, i).toContain(i);
    for (const c of CATEGORIES) expect(categories, c).toContain(c);
    for (const d of SHAOXING_DISTRICTS) expect(regions, d).toContain(d);
    expect([...regions].some((r) => r && !SHAOXING_DISTRICTS.includes(r))).toBe(true);
    // Each kind spans several industries, not just one.
    for (const k of RESOURCE_KINDS) {
      const inds = new Set(corpus.resources.filter((r) => r.kind === k).flatMap((r) => r.industries));
      expect(inds.size, k).toBe(INDUSTRIES.length);
    }
    const enterpriseIndustries = new Set(corpus.enterprises.map((e) => e.industry));
    for (const i of INDUSTRIES) expect(enterpriseIndustries, i).toContain(i);
    const enterpriseRegions = new Set(corpus.enterprises.map((e) => e.region));
    for (const d of SHAOXING_DISTRICTS) expect(enterpriseRegions, d).toContain(d);
  });

  it('uses valid, unique credit codes and unique names and external ids', () => {
    const codes = corpus.enterprises.map((e) => e.creditCode);
    for (const c of codes) expect(creditCodeProblem(c), c).toBeNull();
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(corpus.enterprises.map((e) => e.name)).size).toBe(corpus.enterprises.length);
    expect(new Set(corpus.resources.map((r) => r.name)).size).toBe(corpus.resources.length);
    const ids = [...corpus.enterprises, ...corpus.needs, ...corpus.resources].map((x) => x.externalId);
    expect(ids.every((id) => typeof id === 'string' && /^seed-(ent|need|res)-\d{4}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has no placeholder text', () => {
    // Dummy names are numbered ("专家12", "测试公司3"); real names never carry a bare number.
    const numberedName = /(专家|企业|公司|机构|实验室|设备|服务|需求|测试)\s*\d+(\)|）)?$|^测试|\d+号(公司|企业)/;
    const placeholder = /测试\d|专家\s*\d|lorem|ipsum|\bfoo\b|\bTODO\b|xxx|示例|样例|\{|\}|undefined|NaN|\[object/i;
    const names = [...corpus.enterprises.map((e) => e.name), ...corpus.resources.map((r) => r.name), ...corpus.needs.map((n) => n.title)];
    for (const n of names) expect(n, n).not.toMatch(numberedName);
    const texts = [...names, ...corpus.needs.map((n) => n.description), ...corpus.resources.map((r) => r.description)];
    for (const t of texts) expect(t, t).not.toMatch(placeholder);
  });

  it('writes resource descriptions of 60 to 250 characters', () => {
    for (const r of corpus.resources) {
      const n = [...r.description].length;
      expect(n, r.name).toBeGreaterThanOrEqual(60);
      expect(n, r.name).toBeLessThanOrEqual(250);
    }
  });

  it('mixes vouchers, availability and pre-classified needs in realistic proportions', () => {
    const share = (xs: readonly unknown[], pred: (x: never) => boolean) => xs.filter(pred as (x: unknown) => boolean).length / xs.length;
    const voucher = share(corpus.resources, (r: { voucherEligible: boolean }) => r.voucherEligible);
    expect(voucher).toBeGreaterThan(0.3);
    expect(voucher).toBeLessThan(0.5);
    const unavailable = share(corpus.resources, (r: { availability: string }) => r.availability === 'unavailable');
    expect(unavailable).toBeGreaterThan(0.01);
    expect(unavailable).toBeLessThan(0.06);
    expect(share(corpus.resources, (r: { availability: string }) => r.availability === 'limited')).toBeGreaterThan(0.05);
    const classified = share(corpus.needs, (n: { category?: string; industry?: string }) => n.category !== undefined && n.industry !== undefined);
    expect(classified).toBeGreaterThan(0.4);
    expect(classified).toBeLessThan(0.6);
    for (const n of corpus.needs) expect(n.category === undefined, n.title).toBe(n.industry === undefined);
    const wantsVoucher = share(corpus.needs, (n: { wantsVoucher: boolean }) => n.wantsVoucher);
    expect(wantsVoucher).toBeGreaterThan(0.25);
    expect(wantsVoucher).toBeLessThan(0.45);
    for (const n of corpus.needs) if (n.deadline) expect(n.deadline).toMatch(/^2027-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
    expect(new Set(corpus.needs.map((n) => n.status))).toEqual(new Set(['open', 'matched', 'closed']));
  });

  it('gives capacities that fit each kind', () => {
    for (const r of corpus.resources) {
      if (r.kind === 'expert') expect(r.capacityPerMonth, r.name).toBeLessThanOrEqual(10);
      if (r.kind === 'institution') expect(r.capacityPerMonth, r.name).toBeGreaterThanOrEqual(5);
      expect(r.capacityPerMonth, r.name).toBeGreaterThan(0);
    }
    const services = corpus.resources.filter((r) => r.kind === 'service');
    expect(services.every((s) => s.kind === 'service' && typeof s.details.provider === 'string')).toBe(true);
  });
});
