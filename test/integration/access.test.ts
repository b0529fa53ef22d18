// Access control through HTTP on the real PostgreSQL: every role boundary, ownership of records between portals,
// contact details for operators only, key management and revocation, and per-key rate limits. A portal's records
// and a second portal's key are made before the tests; each test makes any other key it needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const contact = { person: '周敏', phone: '13905751234' };

describe('access control', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('access');
  let portalB: string;
  const ids: { enterprise?: number; need?: number; resource?: number } = {};

  beforeAll(async () => {
    pg = await freshPostgres('access');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    const made = await server.call('POST', '/v1/admin/keys', { role: 'portal', name: '越城区门户' });
    expect(made.status).toBe(201);
    portalB = made.body.key;
    // Portal A's enterprise, need and resource, each with contact details.
    const ent = await server.call('POST', '/v1/enterprises', { creditCode: '91350100M000100Y43', name: '诸暨市丹桂机械配件有限公司', region: 'zhuji', contact }, { as: 'portal' });
    expect(ent.status).toBe(201);
    ids.enterprise = ent.body.id;
    const need = await server.call('POST', '/v1/needs', { enterpriseId: ids.enterprise, title: '电机外壳生锈', description: '想做盐雾测试' }, { as: 'portal' });
    expect(need.status).toBe(201);
    ids.need = need.body.id;
    const res = await server.call('POST', '/v1/resources', { kind: 'expert', name: '陈志刚 教授', description: '金属腐蚀与防护', industries: ['metal'], categories: ['rnd'], contact }, { as: 'portal' });
    expect(res.status).toBe(201);
    ids.resource = res.body.id;
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  it('answers 401 without a key or with an unknown one, saying what to send', async () => {
    const none = await server.call('POST', '/v1/match', { text: '想做盐雾测试' }, { as: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await server.call('GET', '/v1/resources', undefined, { key: 'sxm_portal_notarealkey' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/unknown or has been revoked/);
    expect((await server.call('GET', '/healthz', undefined, { as: null })).status).toBe(200); // health stays open
  });

  it('keeps admin routes for admins: 403 for portals and operators, with the role named', async () => {
    for (const as of ['portal', 'operator'] as const) {
      for (const [method, path] of [['GET', '/v1/admin/jobs'], ['GET', '/v1/admin/batch-runs'], ['POST', '/v1/admin/batch-runs'], ['GET', '/v1/admin/keys'], ['POST', '/v1/admin/keys']] as const) {
        const r = await server.call(method, path, method === 'POST' ? {} : undefined, { as });
        expect(r.status, `${as} ${method} ${path}`).toBe(403);
        expect(r.body.error.message).toMatch(new RegExp(`needs the admin role.*has the ${as} role`));
      }
    }
    expect((await server.call('GET', '/v1/admin/jobs')).status).toBe(200);
  });

  it('lets a portal register and read its own records, without contact details anywhere', async () => {
    const portal = { as: 'portal' as const };
    const made = await server.call('POST', '/v1/resources', { kind: 'lab', name: '腐蚀检测实验室', description: '盐雾、湿热试验', industries: ['metal'], categories: ['testing'], contact }, portal);
    expect(made.status).toBe(201);
    expect(made.body.contact).toBeUndefined();
    expect(JSON.stringify(made.body)).not.toContain(contact.phone);
    const reads = [
      await server.call('GET', `/v1/enterprises/${ids.enterprise}`, undefined, portal),
      await server.call('GET', `/v1/resources/${ids.resource}`, undefined, portal),
      await server.call('GET', '/v1/resources', undefined, portal),
      await server.call('GET', '/v1/enterprises', undefined, portal),
      await server.call('PATCH', `/v1/resources/${ids.resource}`, { availability: 'limited' }, portal),
      await server.call('PATCH', `/v1/enterprises/${ids.enterprise}`, { name: '诸暨市丹桂机械配件有限公司' }, portal),
    ];
    for (const r of reads) {
      expect(r.status).toBe(200);
      // The phone number appears nowhere in what a portal reads, not only under `contact`.
      expect(JSON.stringify(r.body)).not.toContain(contact.phone);
    }
    expect(reads[2]!.body.items.length).toBeGreaterThanOrEqual(2);
    expect(reads[3]!.body.items.length).toBeGreaterThanOrEqual(1);
    expect((await server.call('GET', '/v1/needs', undefined, portal)).body.total).toBe(1);
    expect((await server.call('POST', '/v1/match', { needId: ids.need }, portal)).status).toBe(200);
    expect((await server.call('GET', `/v1/needs/${ids.need}/matches`, undefined, portal)).status).toBe(200);
  });

  it('shows contact details to operators and admins, who see every record', async () => {
    for (const as of ['operator', 'admin'] as const) {
      expect((await server.call('GET', `/v1/enterprises/${ids.enterprise}`, undefined, { as })).body.contact).toEqual(contact);
      expect((await server.call('GET', `/v1/resources/${ids.resource}`, undefined, { as })).body.contact).toEqual(contact);
      expect((await server.call('GET', '/v1/resources', undefined, { as })).body.items[0].contact).toEqual(contact);
    }
  });

  it('hides one portal’s records from another: 404 on read, change and match, and no borrowing its enterprise', async () => {
    const b = { key: portalB };
    expect((await server.call('GET', `/v1/enterprises/${ids.enterprise}`, undefined, b)).status).toBe(404);
    expect((await server.call('GET', `/v1/needs/${ids.need}`, undefined, b)).status).toBe(404);
    const resourceBefore = (await server.call('GET', `/v1/resources/${ids.resource}`)).body;
    const needBefore = (await server.call('GET', `/v1/needs/${ids.need}`)).body;
    expect((await server.call('PATCH', `/v1/resources/${ids.resource}`, { availability: 'unavailable' }, b)).status).toBe(404);
    expect((await server.call('DELETE', `/v1/needs/${ids.need}`, undefined, b)).status).toBe(404);
    expect((await server.call('DELETE', `/v1/enterprises/${ids.enterprise}`, undefined, b)).status).toBe(404);
    // Nothing the other portal tried changed anything.
    expect((await server.call('GET', `/v1/resources/${ids.resource}`)).body).toEqual(resourceBefore);
    expect((await server.call('GET', `/v1/needs/${ids.need}`)).body).toEqual(needBefore);
    expect((await server.call('GET', `/v1/enterprises/${ids.enterprise}`)).status).toBe(200);
    expect((await server.call('POST', '/v1/match', { needId: ids.need }, b)).status).toBe(404);
    expect((await server.call('GET', `/v1/needs/${ids.need}/matches`, undefined, b)).status).toBe(404);
    expect((await server.call('GET', '/v1/needs', undefined, b)).body.total).toBe(0);
    const borrowed = await server.call('POST', '/v1/needs', { enterpriseId: ids.enterprise, title: '借用别人的企业' }, b);
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.error.fields).toEqual([{ path: 'enterpriseId', message: `enterprise ${ids.enterprise} does not exist` }]);
    // An import that would overwrite the other portal's records is refused as a whole, by line.
    const file = [
      JSON.stringify({ type: 'resource', kind: 'service', name: '盐雾检测服务', description: '中性盐雾试验', externalId: 'b-svc-1' }),
      JSON.stringify({ type: 'enterprise', creditCode: '91350100M000100Y43', name: '改名', region: 'zhuji' }),
    ].join('\n');
    const imported = await server.call('POST', '/v1/import', file, { key: portalB, type: 'application/x-ndjson' });
    expect(imported.status).toBe(400);
    expect(imported.body.error.fields).toEqual([{ line: 2, path: 'creditCode', message: 'already registered' }]);
    expect((await server.call('GET', '/v1/resources?q=盐雾检测服务')).body.total).toBe(0);
    // Matching searches all resources whoever registered them.
    const open = await server.call('POST', '/v1/match', { text: '金属腐蚀', limit: 3 }, b);
    expect(open.body.matches.map((m: { resource: { id: number } }) => m.resource.id)).toContain(ids.resource);
  });

  it('manages keys: lists them without secrets, and a revoked key stops working at once', async () => {
    const made = await server.call('POST', '/v1/admin/keys', { role: 'portal', name: '上虞区门户' });
    const key = made.body.key as string;
    const list = await server.call('GET', '/v1/admin/keys');
    expect(list.body.items.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(list.body)).not.toContain(portalB);
    const mine = list.body.items.find((k: { name: string }) => k.name === '上虞区门户');
    expect(mine).toMatchObject({ id: made.body.id, role: 'portal', ratePerMinute: 300, revokedAt: null, prefix: key.slice(0, mine.prefix.length) });
    expect((await server.call('GET', '/v1/needs', undefined, { key })).status).toBe(200);
    expect((await server.call('DELETE', `/v1/admin/keys/${mine.id}`)).status).toBe(204);
    expect((await server.call('GET', '/v1/needs', undefined, { key })).status).toBe(401);
    expect((await server.call('DELETE', `/v1/admin/keys/${mine.id}`)).status).toBe(404);
    expect((await server.call('GET', '/v1/needs', undefined, { key: portalB })).status).toBe(200); // other keys are untouched
    const bad = await server.call('POST', '/v1/admin/keys', { role: 'root', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['name', 'role']);
  });

  it('limits each key’s rate with 429 and Retry-After, without slowing other keys', async () => {
    const slow = (await server.call('POST', '/v1/admin/keys', { role: 'portal', name: 'rate test', ratePerMinute: 3 })).body.key;
    for (let i = 0; i < 3; i++) expect((await server.call('GET', '/v1/needs', undefined, { key: slow })).status).toBe(200);
    const limited = await server.call('GET', '/v1/needs', undefined, { key: slow });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await server.call('GET', '/v1/needs', undefined, { as: 'portal' })).status).toBe(200);
  });
});
