// What an attacker and a careless client send, on the real PostgreSQL: malformed input is a 400 (or 409) with a
// field-level message and changes nothing; a portal's delete never erases operators' work; nothing tells one
// portal what another registered; unknown keys are limited per address; lists escape LIKE wildcards; answers are
// not cached or sniffed.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import { FAILED_AUTH_PER_MINUTE } from '../../src/http/auth.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { call, startTestServer, type CallOptions, type TestServer } from '../helpers/server.js';

const CODE_A = makeCreditCode('91', '330602', 'MA2RBT001');
const CODE_B = makeCreditCode('91', '330681', 'MA2RBT002');
const CODE_A2 = makeCreditCode('91', '330602', 'MA2RBT004');
const CODE_UNUSED = makeCreditCode('91', '330602', 'MA2RBT003');

describe('robustness', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('robustness');
  const a: CallOptions = { as: 'portal' };
  let b: CallOptions;
  const ids = { enterprise: 0, need: 0, resources: [] as number[], otherEnterprise: 0, otherResource: 0 };

  /** What is stored, as an operator counts it. */
  const totals = async () => {
    const count = async (path: string) => (await server.call('GET', `${path}?pageSize=1`, undefined, { as: 'operator' })).body.total as number;
    const [enterprises, needs, resources, pairings] = await Promise.all(['/v1/enterprises', '/v1/needs', '/v1/resources', '/v1/review/pairings'].map(count));
    return { enterprises: enterprises!, needs: needs!, resources: resources!, pairings: pairings! };
  };
  const resource = (name: string, externalId: string) => ({ kind: 'expert', name, description: `${name}：金属腐蚀与防护、盐雾试验`, industries: ['metal'], categories: ['testing'], externalId });

  beforeAll(async () => {
    pg = await freshPostgres('robustness');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    b = { key: (await server.call('POST', '/v1/admin/keys', { role: 'portal', name: '诸暨市门户' })).body.key };
    ids.enterprise = (await server.call('POST', '/v1/enterprises', { creditCode: CODE_A, name: '越城区精工电机有限公司', region: 'yuecheng', externalId: 'ent-1' }, a)).body.id;
    expect((await server.call('POST', '/v1/enterprises', { creditCode: CODE_A2, name: '越城区精工电机销售有限公司', region: 'yuecheng', externalId: 'ent-2' }, a)).status).toBe(201);
    ids.need = (await server.call('POST', '/v1/needs', { enterpriseId: ids.enterprise, title: '电机外壳生锈', description: '想做盐雾试验，找腐蚀防护专家', externalId: 'need-1' }, a)).body.id;
    for (const [i, name] of ['陈志刚 教授', '李红 高级工程师', '王涛 博士'].entries()) {
      ids.resources.push((await server.call('POST', '/v1/resources', resource(name, `res-${i + 1}`), a)).body.id);
    }
    // The other portal uses the same external ids for records of its own: each portal's ids are its own.
    const otherEnterprise = await server.call('POST', '/v1/enterprises', { creditCode: CODE_B, name: '诸暨市东方五金有限公司', region: 'zhuji', externalId: 'ent-1' }, b);
    expect(otherEnterprise.status).toBe(201);
    ids.otherEnterprise = otherEnterprise.body.id;
    const otherResource = await server.call('POST', '/v1/resources', resource('赵军 工程师', 'res-1'), b);
    expect(otherResource.status).toBe(201);
    ids.otherResource = otherResource.body.id;
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  it('answers malformed input with a field-level 400 or 409 and stores nothing', async () => {
    const before = await totals();
    const NUL = 'a\u0000b';
    const big = 2 ** 31;
    const [r1, r2] = ids.resources as [number, number];
    const cases: Array<[string, string, unknown, string, number, string, CallOptions?]> = [
      // NUL in any text, in a query, in an import line
      ['POST', '/v1/enterprises', { creditCode: CODE_UNUSED, name: NUL, region: 'yuecheng' }, 'name', 400, 'NUL'],
      ['POST', '/v1/enterprises', { creditCode: CODE_UNUSED, name: '某公司', region: 'yuecheng', contact: { person: NUL } }, 'contact.person', 400, 'NUL'],
      ['POST', '/v1/needs', { enterpriseId: ids.enterprise, title: NUL }, 'title', 400, 'NUL'],
      ['POST', '/v1/resources', { ...resource('某专家', 'res-9'), description: NUL }, 'description', 400, 'NUL'],
      ['POST', '/v1/resources', { ...resource('某专家', 'res-9'), [NUL]: 1 }, NUL, 400, 'NUL'],
      ['PATCH', `/v1/resources/${r1}`, { name: NUL }, 'name', 400, 'NUL'],
      ['GET', `/v1/resources?q=${encodeURIComponent(NUL)}`, undefined, 'query.q', 400, 'NUL'],
      ['GET', `/v1/enterprises?q=${encodeURIComponent(NUL)}`, undefined, 'query.q', 400, 'NUL'],
      ['POST', '/v1/match', { text: `盐雾${NUL}` }, 'text', 400, 'NUL'],
      // ids at or above 2^31 in bodies, paths and filters
      ['POST', '/v1/match', { needId: big }, 'needId', 400, 'at most 2147483647'],
      ['POST', '/v1/needs', { enterpriseId: big, title: '某需求' }, 'enterpriseId', 400, 'at most 2147483647'],
      ['POST', '/v1/resources', { kind: 'service', name: '某服务', details: { institutionId: big } }, 'details.institutionId', 400, 'at most 2147483647'],
      ['GET', `/v1/needs?enterpriseId=${big}`, undefined, 'query.enterpriseId', 400, 'at most 2147483647'],
      ['GET', `/v1/review/pairings?batchRunId=${big}`, undefined, 'query.batchRunId', 400, 'at most 2147483647', { as: 'operator' }],
      ['GET', `/v1/enterprises/${big}`, undefined, 'id', 400, 'positive integer'],
      ['GET', '/v1/needs/99999999999999999999', undefined, 'id', 400, 'positive integer'],
      ['DELETE', `/v1/resources/${big}`, undefined, 'id', 400, 'positive integer'],
      ['GET', `/v1/admin/batch-runs/${big}`, undefined, 'id', 400, 'positive integer', { as: 'admin' }],
      ['POST', '/v1/import', JSON.stringify({ type: 'need', enterpriseId: big, title: '某需求' }), 'enterpriseId', 400, 'at most 2147483647'],
      // impossible dates
      ['POST', '/v1/needs', { enterpriseId: ids.enterprise, title: '某需求', deadline: '2024-13-45' }, 'deadline', 400, 'not a date'],
      ['POST', '/v1/needs', { enterpriseId: ids.enterprise, title: '某需求', deadline: '2023-02-29' }, 'deadline', 400, 'not a date'],
      ['PATCH', `/v1/needs/${ids.need}`, { deadline: '2024-00-10' }, 'deadline', 400, 'not a date'],
      // an external id another of this portal's records holds
      ['PATCH', `/v1/resources/${r2}`, { externalId: 'res-1' }, 'externalId', 409, `already used by your resource ${r1}`],
      ['PATCH', `/v1/enterprises/${ids.enterprise}`, { creditCode: CODE_B }, 'creditCode', 409, 'already registered'],
      // an import line whose credit code and external id point at two different records
      ['POST', '/v1/import', JSON.stringify({ type: 'enterprise', creditCode: CODE_A, name: '某公司', region: 'yuecheng', externalId: 'ent-2' }), 'externalId', 400, 'credit code'],
      // bodies and paths that cannot be read
      ['GET', '/v1/enterprises/%ZZ', undefined, '(path)', 400, 'URL encoding'],
      ['POST', '/v1/needs', '{"enterpriseId": 1, "title": ', '(body)', 400, 'not valid JSON'],
      // contact details of a sane length
      ['POST', '/v1/enterprises', { creditCode: CODE_UNUSED, name: '某公司', region: 'yuecheng', contact: { email: `${'x'.repeat(100_000)}@example.com` } }, 'contact.email', 400, 'at most 254'],
      ['POST', '/v1/resources', { ...resource('某专家', 'res-9'), contact: { email: 'not an address' } }, 'contact.email', 400, ''],
      // another portal's credit code: refused without naming the record or the portal
      ['POST', '/v1/enterprises', { creditCode: CODE_A, name: '冒名公司', region: 'zhuji' }, 'creditCode', 409, 'already registered', b],
      ['POST', '/v1/import', JSON.stringify({ type: 'enterprise', creditCode: CODE_A, name: '冒名公司', region: 'zhuji' }), 'creditCode', 400, 'already registered', b],
    ];
    for (const [method, path, body, field, status, message, opts] of cases) {
      const isImport = path === '/v1/import';
      const r = await server.call(method, path, body, { ...(opts ?? a), ...(isImport ? { type: 'application/x-ndjson' } : {}) });
      const label = `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`;
      expect(r.status, label).toBe(status);
      expect(r.body.error.code, label).toBe(status === 409 ? 'conflict' : 'validation_failed');
      const f = r.body.error.fields.find((x: { path: string }) => x.path === field);
      expect(f, `${label}: ${JSON.stringify(r.body.error.fields)}`).toBeDefined();
      expect(f.message, label).toContain(message);
      // Nothing names a record or a portal the caller may not see.
      if (opts === b) expect(JSON.stringify(r.body), label).not.toMatch(new RegExp(`(enterprise|id\\D{0,3})${ids.enterprise}\\b|越城区精工|portal`));
    }
    // A body that is not in the Content-Encoding it claims.
    const gz = await fetch(`${server.url}/v1/needs`, { method: 'POST', headers: { authorization: `Bearer ${server.keys.portal}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: JSON.stringify({ title: 'x' }) });
    expect(gz.status).toBe(400);
    expect((await gz.json()).error.fields[0].path).toBe('(body)');
    // The same body gzipped for real is read.
    const real = await fetch(`${server.url}/v1/match`, { method: 'POST', headers: { authorization: `Bearer ${server.keys.portal}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ text: '盐雾试验', limit: 1 })) });
    expect(real.status).toBe(200);
    expect(await totals()).toEqual(before);
  });

  it('makes a retried create with the portal’s own external id an update, answering 200 with the same record', async () => {
    const before = await totals();
    const first = await server.call('POST', '/v1/resources', resource('周敏 研究员', 'res-retry'), a);
    expect(first.status).toBe(201);
    const again = await server.call('POST', '/v1/resources', { ...resource('周敏 研究员', 'res-retry'), description: '涂层失效分析' }, a);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, description: '涂层失效分析' });
    const need = await server.call('POST', '/v1/needs', { enterpriseId: ids.enterprise, title: '电机外壳生锈', description: '改了描述', externalId: 'need-1' }, a);
    expect(need.status).toBe(200);
    expect(need.body.id).toBe(ids.need);
    const ent = await server.call('POST', '/v1/enterprises', { creditCode: CODE_A, name: '越城区精工电机有限公司', region: 'yuecheng', externalId: 'ent-1' }, a);
    expect(ent.status).toBe(200);
    expect(ent.body.id).toBe(ids.enterprise);
    // The one new resource, and whatever outreach suggested it to.
    const outreach = (await server.call('GET', '/v1/review/pairings?source=outreach&pageSize=100', undefined, { as: 'operator' })).body.items.filter((p: { resource: { id: number } }) => p.resource.id === first.body.id);
    expect(await totals()).toEqual({ ...before, resources: before.resources + 1, pairings: before.pairings + outreach.length });
    // The other portal's record with the same external id was not touched.
    expect((await server.call('GET', `/v1/resources/${ids.otherResource}`, undefined, b)).body.name).toBe('赵军 工程师');
  });

  it('retires a deleted record that operators decided on, keeping its pairings, their audit trail and the day’s counts', async () => {
    const saved = await server.call('POST', `/v1/needs/${ids.need}/suggestions`, { limit: 5 }, a);
    expect(saved.status).toBe(201);
    const pairingOf = (resourceId: number) => saved.body.pairings.find((p: { resource: { id: number } }) => p.resource.id === resourceId);
    const [r1, r2, r3] = ids.resources as [number, number, number];
    const [approved, rejected, undecided] = [pairingOf(r1), pairingOf(r2), pairingOf(r3)];
    expect(approved && rejected && undecided).toBeTruthy();
    const op = { as: 'operator' as const };
    const decide = (id: number, status: string) => server.call('POST', `/v1/review/pairings/${id}/decisions`, { status, ...(status === 'rejected' ? { reason: 'not_relevant' } : {}) }, op);
    expect((await decide(approved.id, 'approved')).status).toBe(200);
    expect((await decide(approved.id, 'contacted')).status).toBe(200);
    expect((await decide(rejected.id, 'rejected')).status).toBe(200);
    const stats = (await server.call('GET', '/v1/review/stats', undefined, op)).body;

    // The portal deletes: 204, then 404 for it, as before.
    for (const id of [r1, r2, r3]) expect((await server.call('DELETE', `/v1/resources/${id}`, undefined, a)).status).toBe(204);
    for (const id of [r1, r2, r3]) expect((await server.call('GET', `/v1/resources/${id}`, undefined, a)).status).toBe(404);
    expect((await server.call('PATCH', `/v1/resources/${r1}`, { name: '改名' }, a)).status).toBe(404);
    // Operators still see the retired ones with their history; the one nobody decided on is gone, with its suggestion.
    const retired = await server.call('GET', `/v1/resources/${r1}`, undefined, op);
    expect(retired.status).toBe(200);
    expect(retired.body.archivedAt).toEqual(expect.any(String));
    expect((await server.call('GET', `/v1/resources/${r3}`, undefined, op)).status).toBe(404);
    expect((await server.call('GET', `/v1/review/pairings/${undecided.id}`, undefined, op)).status).toBe(404);
    const kept = (await server.call('GET', `/v1/review/pairings/${approved.id}`, undefined, op)).body;
    expect(kept.status).toBe('contacted');
    expect(kept.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['approved', 'contacted']);
    expect((await server.call('GET', `/v1/review/pairings/${rejected.id}`, undefined, op)).body.status).toBe('rejected');
    // The day's decisions and outcomes are as they were; only the undecided suggestion went.
    const after = (await server.call('GET', '/v1/review/stats', undefined, op)).body;
    expect({ ...after, statuses: { ...after.statuses, suggested: after.statuses.suggested + 1 } }).toEqual(stats);
    // Out of matching and of lists.
    const m = await server.call('POST', '/v1/match', { text: '金属腐蚀与防护、盐雾试验', limit: 20 }, a);
    expect(m.body.matches.map((x: { resource: { id: number } }) => x.resource.id)).not.toContain(r1);
    const listed = await server.call('GET', '/v1/resources?pageSize=100', undefined, op);
    expect(listed.body.items.map((x: { id: number }) => x.id)).not.toContain(r1);
    // Its external id stays with it.
    const reuse = await server.call('POST', '/v1/resources', resource('新专家', 'res-1'), a);
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.fields).toEqual([{ path: 'externalId', message: `belongs to your deleted resource ${r1}` }]);

    // The enterprise goes with its need, both retired; its credit code stays taken.
    expect((await server.call('DELETE', `/v1/enterprises/${ids.enterprise}`, undefined, a)).status).toBe(204);
    expect((await server.call('GET', `/v1/needs/${ids.need}`, undefined, a)).status).toBe(404);
    expect((await server.call('POST', '/v1/match', { needId: ids.need }, a)).status).toBe(404);
    expect((await server.call('GET', `/v1/needs/${ids.need}`, undefined, op)).body.archivedAt).toEqual(expect.any(String));
    expect((await server.call('GET', `/v1/review/pairings/${approved.id}`, undefined, op)).body.events).toHaveLength(2);
    const again = await server.call('POST', '/v1/enterprises', { creditCode: CODE_A, name: '越城区精工电机有限公司', region: 'yuecheng' }, a);
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual([{ path: 'creditCode', message: 'already registered' }]);
    // A record nobody decided on is deleted outright.
    expect((await server.call('DELETE', `/v1/resources/${ids.otherResource}`, undefined, b)).status).toBe(204);
    expect((await server.call('GET', `/v1/resources/${ids.otherResource}`, undefined, op)).status).toBe(404);
  });

  it('escapes LIKE wildcards in q: % and _ match themselves', async () => {
    const all = (await server.call('GET', '/v1/resources?pageSize=1', undefined, { as: 'operator' })).body.total;
    expect(all).toBeGreaterThan(0);
    for (const q of ['%', '_', '%25']) expect((await server.call('GET', `/v1/resources?q=${encodeURIComponent(q)}`, undefined, { as: 'operator' })).body.total, q).toBe(0);
    await server.call('POST', '/v1/resources', resource('100%覆盖率测试专家', 'res-percent'), a);
    expect((await server.call('GET', `/v1/resources?q=${encodeURIComponent('100%')}`, undefined, { as: 'operator' })).body.total).toBe(1);
  });

  it('answers without caching or sniffing', async () => {
    const r = await server.call('GET', '/v1/needs', undefined, a);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-powered-by')).toBeNull();
    const refused = await server.call('GET', '/v1/needs', undefined, { as: null });
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('limits unknown keys per client address, while valid keys from that address keep working', async () => {
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    let unauthorized = 0;
    for (let i = 0; i < FAILED_AUTH_PER_MINUTE + 20 && !limited; i++) {
      const r = await call(server.url, 'GET', '/v1/needs', undefined, { key: `sxm_portal_guess${i}` });
      if (r.status === 401) unauthorized++;
      else if (r.status === 429) limited = r;
      else throw new Error(`unexpected ${r.status}`);
    }
    expect(unauthorized).toBe(FAILED_AUTH_PER_MINUTE);
    expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited!.body.error.message).toContain('unknown API keys');
    expect((await call(server.url, 'GET', '/v1/needs', undefined, { key: 'sxm_portal_another_guess' })).status).toBe(429);
    // A portal's key already seen keeps working from the same address.
    expect((await server.call('GET', '/v1/needs', undefined, a)).status).toBe(200);
  });
});
