// The HTTP contract, run against both database backends (api.postgres.test.ts, api.embedded.test.ts). The small
// registry is imported once before the tests; each test reads it and writes only records of its own, so any one
// of them can run alone (`-t`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import type { TestServer } from '../helpers/server.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');
const registryResources = registry.split('\n').filter((l) => l.includes('"type":"resource"')).length;

interface Match {
  resource: { id: number; name: string; kind: string; region: string | null; industries: string[]; voucherEligible: boolean };
}

export function apiContract(server: () => TestServer): void {
  const api = (method: string, path: string, body?: unknown, type?: string) => server().call(method, path, body, type ? { type } : {});
  const total = async (path: string) => (await api('GET', path)).body.total as number;

  beforeAll(async () => {
    const r = await api('POST', '/v1/import', registry, 'application/x-ndjson');
    expect(r.status).toBe(201);
  });

  it('imports an NDJSON file, reports what it created, and a re-import updates instead of duplicating', async () => {
    const code = makeCreditCode('91', '330602', 'MA2KMPRT7');
    const file = [
      JSON.stringify({ type: 'enterprise', creditCode: code, name: '绍兴越城导入测试纺织有限公司', region: 'yuecheng', externalId: 'imp-ent' }),
      JSON.stringify({ type: 'resource', kind: 'service', name: '导入测试：印染废水检测', description: '印染废水COD、色度检测', industries: ['textile'], externalId: 'imp-r1' }),
      JSON.stringify({ type: 'resource', kind: 'service', name: '导入测试：面料克重检测', description: '面料克重、幅宽检测', industries: ['textile'], externalId: 'imp-r2' }),
      JSON.stringify({ type: 'need', enterprise: 'imp-ent', title: '导入测试需求', description: '废水颜色太深', externalId: 'imp-n1' }),
    ].join('\n');
    const first = await api('POST', '/v1/import', file, 'application/x-ndjson');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ lines: 4, enterprises: { created: 1, updated: 0 }, needs: { created: 1, updated: 0 }, resources: { created: 2, updated: 0 } });
    const before = await total('/v1/resources?pageSize=100');
    const again = await api('POST', '/v1/import', file, 'application/x-ndjson');
    expect(again.body).toEqual({ lines: 4, enterprises: { created: 0, updated: 1 }, needs: { created: 0, updated: 1 }, resources: { created: 0, updated: 2 } });
    expect(await total('/v1/resources?pageSize=100')).toBe(before);
    expect(await total('/v1/resources?q=导入测试')).toBe(2);
  });

  it('rejects a file with a bad line as a whole, with line numbers, and stores nothing', async () => {
    const bad = [
      JSON.stringify({ type: 'resource', kind: 'expert', name: '李新 研究员', description: '珍珠养殖', industries: ['pearl'], externalId: 'new-ok' }),
      JSON.stringify({ type: 'resource', kind: 'robot', name: 'x' }),
      '{not json',
      JSON.stringify({ type: 'enterprise', creditCode: '91350100M000100Y44', name: '某公司', region: 'keqiao' }),
    ].join('\n');
    const r = await api('POST', '/v1/import', bad, 'application/x-ndjson');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const lines = r.body.error.fields.map((f: { line: number }) => f.line);
    expect(lines).toEqual(expect.arrayContaining([2, 3, 4]));
    expect(r.body.error.fields.find((f: { line: number }) => f.line === 4).message).toMatch(/check character/);
    expect(await total('/v1/resources?q=李新')).toBe(0);
  });

  it('rolls back the whole file when a need names an unknown enterprise', async () => {
    const file = [
      JSON.stringify({ type: 'resource', kind: 'service', name: '黄酒品评培训', description: '黄酒感官品评师培训', externalId: 'svc-rollback' }),
      JSON.stringify({ type: 'need', enterprise: 'nobody', title: '想招人' }),
    ].join('\n');
    const r = await api('POST', '/v1/import', file, 'application/x-ndjson');
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([{ line: 2, path: 'enterprise', message: 'enterprise nobody does not exist' }]);
    expect(await total('/v1/resources?q=黄酒品评')).toBe(0);
  });

  it('matches the sweater need to textile testing and R&D first, with explanations', async () => {
    const r = await api('POST', '/v1/match', { text: '我们做的羊毛衫洗两次就缩水变形，想找人查原因、改工艺', region: 'keqiao', wantsVoucher: true });
    expect(r.status).toBe(200);
    expect(r.headers.get('server-timing')).toMatch(/embed;dur=[\d.]+, retrieve;dur=[\d.]+, rank;dur=[\d.]+/);
    const top2 = r.body.matches.slice(0, 2).map((m: Match) => m.resource.name);
    expect(top2).toEqual(expect.arrayContaining(['柯桥纺织品检测共享实验室', '王建国 教授']));
    expect(r.body.inferred.industries[0]).toMatchObject({ code: 'textile', label: '纺织' });
    const first = r.body.matches[0];
    expect(first.explanation).toMatch(/^语义相近 0\.\d\d/);
    expect(first.explanation).toContain('纺织');
    expect(first.score).toBeCloseTo(Object.values(first.contributions as Record<string, number>).reduce((a, b) => a + b, 0), 3);
    // The closed lab never appears.
    expect(r.body.matches.map((m: Match) => m.resource.name)).not.toContain('诸暨袜业检测中心（暂停开放）');
  });

  it('matches a stored need by id, both ways', async () => {
    const needs = (await api('GET', '/v1/needs?q=生锈')).body.items;
    expect(needs).toHaveLength(1);
    const byPost = await api('POST', '/v1/match', { needId: needs[0].id, limit: 3 });
    const byGet = await api('GET', `/v1/needs/${needs[0].id}/matches?limit=3`);
    expect(byPost.body.matches[0].resource.name).toBe('盐雾试验箱');
    expect(byPost.body.matches).toHaveLength(3);
    expect(byGet.body.matches.map((m: Match) => m.resource.id)).toEqual(byPost.body.matches.map((m: Match) => m.resource.id));
  });

  it('applies the kinds, industries, regions and voucherOnly filters, and something passes each', async () => {
    const text = '纺织品检测，看看面料和衣服的质量';
    const all = (await api('POST', '/v1/match', { text, limit: 20 })).body.matches as Match[];
    // The unfiltered list holds what each filter must remove, so a filter that did nothing would fail.
    expect(all.some((m) => m.resource.kind !== 'expert')).toBe(true);
    expect(all.some((m) => !m.resource.industries.includes('textile'))).toBe(true);
    expect(all.some((m) => m.resource.region !== 'keqiao')).toBe(true);
    expect(all.some((m) => m.resource.industries.includes('textile') && !m.resource.voucherEligible)).toBe(true);

    const run = async (filters: object) => {
      const r = await api('POST', '/v1/match', { text, limit: 20, ...filters });
      expect(r.status).toBe(200);
      expect(r.body.matches.length, JSON.stringify(filters)).toBeGreaterThan(0);
      return r.body.matches as Match[];
    };
    for (const m of await run({ kinds: ['expert'] })) expect(m.resource.kind).toBe('expert');
    for (const m of await run({ industries: ['textile'] })) expect(m.resource.industries).toContain('textile');
    for (const m of await run({ regions: ['柯桥区'] })) expect(m.resource.region).toBe('keqiao');
    const vouchers = await run({ industries: ['textile'], voucherOnly: true });
    for (const m of vouchers) expect(m.resource).toMatchObject({ voucherEligible: true, industries: expect.arrayContaining(['textile']) });
    expect(vouchers.map((m) => m.resource.name)).not.toContain('纺织品阻燃性能检测');
  });

  it('creates, reads, updates and deletes an enterprise, a need and a resource', async () => {
    const code = makeCreditCode('91', '330624', 'MA2CRUD01');
    const ent = await api('POST', '/v1/enterprises', { creditCode: code, name: '新昌县康源药业有限公司', region: '新昌县', industry: 'medicine' });
    expect(ent.status).toBe(201);
    expect(ent.body.region).toBe('xinchang');
    const dup = await api('POST', '/v1/enterprises', { creditCode: code, name: '重复', region: 'xinchang' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields[0].path).toBe('creditCode');

    const need = await api('POST', '/v1/needs', { enterpriseId: ent.body.id, title: '仿制药一致性评价', description: '想找做溶出曲线的实验室', budget: 200000, deadline: '2027-06-30' });
    expect(need.status).toBe(201);
    expect(need.body).toMatchObject({ region: 'xinchang', status: 'open', wantsVoucher: false });

    const res = await api('POST', '/v1/resources', { kind: 'equipment', name: '溶出度仪', description: '药物溶出曲线测定', industries: ['medicine'], categories: ['testing'], region: 'xinchang', details: { maker: '天大天发', accreditation: ['CMA'], hourlyPrice: 200 } });
    expect(res.status).toBe(201);
    const m1 = await api('POST', '/v1/match', { needId: need.body.id, limit: 1 });
    expect(m1.body.matches[0].resource.id).toBe(res.body.id);

    const patched = await api('PATCH', `/v1/resources/${res.body.id}`, { availability: 'unavailable' });
    expect(patched.status).toBe(200);
    expect(patched.body.details.maker).toBe('天大天发');
    const m2 = await api('POST', '/v1/match', { needId: need.body.id });
    expect(m2.body.matches.length).toBeGreaterThan(0);
    expect(m2.body.matches.map((m: Match) => m.resource.id)).not.toContain(res.body.id);

    expect((await api('PATCH', `/v1/needs/${need.body.id}`, { status: 'closed' })).body.status).toBe('closed');
    expect((await api('GET', `/v1/needs/${need.body.id}`)).body.status).toBe('closed');
    expect((await api('GET', `/v1/enterprises/${ent.body.id}`)).body.name).toBe('新昌县康源药业有限公司');
    expect((await api('DELETE', `/v1/resources/${res.body.id}`)).status).toBe(204);
    expect((await api('GET', `/v1/resources/${res.body.id}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/enterprises/${ent.body.id}`)).status).toBe(204);
    expect((await api('GET', `/v1/needs/${need.body.id}`)).status).toBe(404);
  });

  it('answers 404 to a change or delete of a record that does not exist, and changes nothing', async () => {
    const before = await total('/v1/resources?pageSize=100');
    for (const type of ['enterprises', 'needs', 'resources']) {
      for (const [method, body] of [['GET', undefined], ['PATCH', { name: '不存在' }], ['DELETE', undefined]] as const) {
        const r = await api(method, `/v1/${type}/999999`, body);
        expect(r.status, `${method} /v1/${type}/999999`).toBe(404);
        expect(r.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('999999') });
      }
    }
    expect(await total('/v1/resources?pageSize=100')).toBe(before);
  });

  it('answers bad input with field-level 400s and changes nothing', async () => {
    const before = await total('/v1/resources');
    const r = await api('POST', '/v1/resources', { kind: 'equipment', name: '', industries: ['space'], region: '火星', capacityPerMonth: -1 });
    expect(r.status).toBe(400);
    const paths = r.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'industries.0', 'region', 'capacityPerMonth']));
    expect(await total('/v1/resources')).toBe(before);

    const target = (await api('GET', '/v1/resources?q=盐雾试验箱')).body.items[0];
    const patch = await api('PATCH', `/v1/resources/${target.id}`, { kind: 'lab', color: 'red' });
    expect(patch.status).toBe(400);
    expect((await api('GET', `/v1/resources/${target.id}`)).body).toMatchObject({ kind: target.kind, updatedAt: target.updatedAt });
    expect((await api('POST', '/v1/needs', { enterpriseId: 999999, title: '想找专家' })).body.error.fields).toEqual([{ path: 'enterpriseId', message: 'enterprise 999999 does not exist' }]);
    expect((await api('POST', '/v1/match', { text: '' })).body.error.fields[0].path).toBe('text');
    expect((await api('POST', '/v1/match', { needId: 'x' })).status).toBe(400);
    expect((await api('POST', '/v1/match', { needId: 999999 })).status).toBe(404);
    expect((await api('GET', '/v1/resources/abc')).body.error.fields[0]).toEqual({ path: 'id', message: 'must be a positive integer' });
    expect((await api('GET', '/v1/resources?kind=robot')).status).toBe(400);
    const malformed = await server().call('POST', '/v1/resources', '{"kind":');
    expect(malformed.status).toBe(400);
    expect((await api('GET', '/v1/nothing-here')).status).toBe(404);
  });

  it('lists with paging and filters', async () => {
    const experts = (await api('GET', '/v1/resources?kind=expert&pageSize=100')).body;
    expect(experts.total).toBeGreaterThanOrEqual(2);
    const page = await api('GET', '/v1/resources?kind=expert&pageSize=1&page=2');
    expect(page.body).toMatchObject({ page: 2, pageSize: 1, total: experts.total });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].id).toBe(experts.items[1].id);
    const textileVouchers = (await api('GET', '/v1/resources?industry=textile&voucherEligible=true&pageSize=100')).body.items as Array<{ industries: string[]; voucherEligible: boolean }>;
    expect(textileVouchers.length).toBeGreaterThan(0);
    for (const r of textileVouchers) expect(r).toMatchObject({ voucherEligible: true, industries: expect.arrayContaining(['textile']) });
    expect((await api('GET', '/v1/resources?industry=textile&voucherEligible=false&pageSize=100')).body.items.map((r: { name: string }) => r.name)).toContain('纺织品阻燃性能检测');
    expect((await api('GET', '/v1/enterprises?region=shengzhou')).body.total).toBe(1);
    expect(await total('/v1/resources?pageSize=100')).toBeGreaterThanOrEqual(registryResources);
  });

  it('reports health', async () => {
    const r = await api('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', resources: expect.any(Number) });
    expect(r.body.resources).toBeGreaterThanOrEqual(registryResources);
  });
}
