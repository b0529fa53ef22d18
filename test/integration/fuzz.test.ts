// Generated bad input to every route, on the real PostgreSQL: each valid body is corrupted at one of its fields
// (a value no field accepts, a field no schema has) or replaced by something that is not an object; paths get ids
// that are not ids, queries get arbitrary strings, bodies arbitrary Content-Encodings. Every answer is below 500
// and, as an error, has the one error shape; corrupted writes are refused; nothing stored changes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const RUNS = 40;

type Json = fc.JsonValue;
type Body = { [k: string]: Json };

/** Values no field of any schema accepts (booleans are left out: some fields take them). */
const poison = fc.oneof(
  fc.string().map((s) => `${s}\u0000${s}`),
  fc.constant({ $gt: '' }),
  fc.constantFrom(-1.5, -(2 ** 31), -(2 ** 53)),
  fc.string().map((s) => [`${s}\u0000`]),
);
const notAnObject = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 }));

/** Paths to the leaves of a body: nested objects are entered, arrays are leaves. */
function leaves(body: Body, prefix: string[] = []): string[][] {
  return Object.entries(body).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 ? leaves(v as Body, [...prefix, k]) : [[...prefix, k]]));
}

function setAt(body: Body, path: string[], value: Json): Body {
  const copy = structuredClone(body);
  let at: Body = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Body;
  at[path.at(-1)!] = value;
  return copy;
}

/** A valid body made invalid: one leaf poisoned, an unknown field added, or no object at all. */
function corrupted(valid: Body): fc.Arbitrary<Json> {
  const paths = leaves(valid);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), poison).map(([p, v]) => setAt(valid, p, v as Json)),
    fc.tuple(fc.constantFrom(...paths), fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue()).map(([p, k, v]) => setAt(valid, [...p.slice(0, -1), `x_${k}`], v as Json)),
    notAnObject,
  );
}

const badId = fc.oneof(
  fc.bigInt({ min: 2n ** 31n, max: 10n ** 30n }).map(String),
  fc.constantFrom('-1', '0', '1.5', '1e3', '0x10', '%ZZ', '%00', 'NaN', '%E4%B8', '..%2F'),
  // Not "." or "..": a URL's dot segments are resolved before it is sent (/v1/enterprises/. is the list).
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^\d+$/.test(s) && s !== '.' && s !== '..').map(encodeURIComponent),
);

describe('generated bad input', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('fuzz');
  const ids = { enterprise: 0, need: 0, resource: 0, pairing: 0 };
  let writes: Array<{ method: string; path: string; body: Body; as: 'portal' | 'operator' | 'admin' }>;

  const totals = async () => {
    const count = async (path: string, as: 'operator' | 'admin' = 'operator') => {
      const b = (await server.call('GET', path, undefined, { as })).body;
      return (b.total ?? b.items?.length ?? b.versions?.length) as number;
    };
    return {
      enterprises: await count('/v1/enterprises?pageSize=1'),
      needs: await count('/v1/needs?pageSize=1'),
      resources: await count('/v1/resources?pageSize=1'),
      pairings: await count('/v1/review/pairings?pageSize=1'),
      keys: await count('/v1/admin/keys', 'admin'),
      batchRuns: await count('/v1/admin/batch-runs?limit=100', 'admin'),
      lexicon: JSON.stringify((await server.call('GET', '/v1/lexicon', undefined, { as: 'operator' })).body),
      enterprise: JSON.stringify((await server.call('GET', `/v1/enterprises/${ids.enterprise}`)).body),
      need: JSON.stringify((await server.call('GET', `/v1/needs/${ids.need}`)).body),
      resource: JSON.stringify((await server.call('GET', `/v1/resources/${ids.resource}`)).body),
      pairing: JSON.stringify((await server.call('GET', `/v1/review/pairings/${ids.pairing}`)).body),
    };
  };

  const expectErrorShape = (r: { status: number; body: unknown }, label: string) => {
    expect(r.status, label).toBeLessThan(500);
    if (r.status >= 400) {
      expect(r.body, label).toMatchObject({ error: { code: expect.any(String), message: expect.any(String), fields: expect.any(Array) } });
      for (const f of (r.body as { error: { fields: unknown[] } }).error.fields) expect(f, label).toMatchObject({ path: expect.any(String), message: expect.any(String) });
    }
  };

  beforeAll(async () => {
    pg = await freshPostgres('fuzz');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    const portal = { as: 'portal' as const };
    const enterprise = { creditCode: makeCreditCode('91', '330602', 'MA2FU0001'), name: '越城区精工电机有限公司', region: 'yuecheng', industry: 'equipment', contact: { person: '张三', phone: '0575-88000000', email: 'zs@example.com' }, externalId: 'ent-fuzz' };
    ids.enterprise = (await server.call('POST', '/v1/enterprises', enterprise, portal)).body.id;
    const need = { enterpriseId: ids.enterprise, title: '电机外壳生锈', description: '想做盐雾试验', industry: 'metal', category: 'testing', region: 'yuecheng', wantsVoucher: true, budget: 20000, deadline: '2027-06-30', externalId: 'need-fuzz' };
    ids.need = (await server.call('POST', '/v1/needs', need, portal)).body.id;
    const resource = { kind: 'equipment', name: '盐雾试验箱', description: '中性盐雾试验', industries: ['metal'], categories: ['testing'], region: 'zhuji', capacityPerMonth: 20, contact: { person: '李四', email: 'ls@example.com' }, details: { maker: '某厂', accreditation: ['CMA'], hourlyPrice: 80 }, externalId: 'res-fuzz' };
    ids.resource = (await server.call('POST', '/v1/resources', resource, portal)).body.id;
    ids.pairing = (await server.call('POST', `/v1/needs/${ids.need}/suggestions`, { limit: 1 }, portal)).body.pairings[0].id;
    const { externalId: _e, ...enterprisePatch } = enterprise;
    writes = [
      { method: 'POST', path: '/v1/enterprises', body: { ...enterprise, creditCode: makeCreditCode('91', '330602', 'MA2FU0002'), externalId: 'ent-fuzz-2' }, as: 'portal' },
      { method: 'PATCH', path: `/v1/enterprises/${ids.enterprise}`, body: enterprisePatch, as: 'portal' },
      { method: 'POST', path: '/v1/needs', body: { ...need, externalId: 'need-fuzz-2' }, as: 'portal' },
      { method: 'PATCH', path: `/v1/needs/${ids.need}`, body: { title: '电机外壳锈蚀', budget: 30000 }, as: 'portal' },
      { method: 'POST', path: '/v1/resources', body: { ...resource, externalId: 'res-fuzz-2' }, as: 'portal' },
      { method: 'PATCH', path: `/v1/resources/${ids.resource}`, body: { name: '盐雾箱', details: { maker: '另一厂' } }, as: 'portal' },
      { method: 'POST', path: `/v1/needs/${ids.need}/suggestions`, body: { limit: 3 }, as: 'portal' },
      { method: 'POST', path: `/v1/review/pairings/${ids.pairing}/decisions`, body: { status: 'rejected', reason: 'not_relevant', note: '不相关' }, as: 'operator' },
      { method: 'POST', path: '/v1/admin/keys', body: { role: 'portal', name: '某门户', ratePerMinute: 100 }, as: 'admin' },
      { method: 'POST', path: '/v1/admin/batch-runs', body: { want: 3, candidates: 10, slack: 0.2 }, as: 'admin' },
      { method: 'PUT', path: '/v1/lexicon/concepts/salt-fog-fuzz', body: { concept: { key: 'salt-fog-fuzz', label: '盐雾', cues: ['生锈'], terms: ['盐雾试验'], categories: ['testing'], industries: ['metal'] }, note: '试' }, as: 'operator' },
    ];
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  it('refuses every corrupted write with a 400 or 409 in the error shape, and stores nothing', async () => {
    const before = await totals();
    for (const w of writes) {
      await fc.assert(
        fc.asyncProperty(corrupted(w.body), async (body) => {
          // The helper sends a string as it is: a JSON string is sent as JSON.
          const r = await server.call(w.method, w.path, typeof body === 'string' ? JSON.stringify(body) : body, { as: w.as });
          const label = `${w.method} ${w.path} ${JSON.stringify(body).slice(0, 200)}`;
          expectErrorShape(r, label);
          expect([400, 409], label).toContain(r.status);
        }),
        { numRuns: RUNS },
      );
    }
    expect(await totals()).toEqual(before);
  });

  it('refuses an import with one corrupted line as a whole', async () => {
    const before = await totals();
    const lines: Body[] = [
      { type: 'enterprise', creditCode: makeCreditCode('91', '330602', 'MA2FU0003'), name: '柯桥区某纺织有限公司', region: 'keqiao', externalId: 'ent-import' },
      { type: 'need', enterprise: 'ent-import', title: '面料起球', description: '想找检测机构' },
      { type: 'resource', kind: 'lab', name: '纺织检测室', description: '起毛起球检测', industries: ['textile'], categories: ['testing'] },
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: lines.length - 1 }).chain((i) => corrupted(lines[i]!).map((bad) => ({ i, bad }))), async ({ i, bad }) => {
        const file = lines.map((l, j) => JSON.stringify(j === i ? bad : l)).join('\n');
        const r = await server.call('POST', '/v1/import', file, { type: 'application/x-ndjson', as: 'portal' });
        expectErrorShape(r, file);
        expect(r.status, file).toBe(400);
      }),
      { numRuns: RUNS },
    );
    expect(await totals()).toEqual(before);
  });

  it('answers bad ids in paths, arbitrary queries and arbitrary encodings below 500, changing nothing', async () => {
    const before = await totals();
    const idRoutes = [
      ['GET', '/v1/enterprises/:id'], ['PATCH', '/v1/needs/:id'], ['DELETE', '/v1/resources/:id'], ['DELETE', '/v1/enterprises/:id'], ['GET', '/v1/needs/:id/matches'],
      ['POST', '/v1/review/pairings/:id/decisions'], ['GET', '/v1/admin/batch-runs/:id'], ['DELETE', '/v1/admin/keys/:id'], ['DELETE', '/v1/lexicon/concepts/:id'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...idRoutes), badId, async ([method, path], id) => {
        const r = await server.call(method, path.replace(':id', id), method === 'GET' || method === 'DELETE' ? undefined : {}, { as: 'admin' });
        expectErrorShape(r, `${method} ${path} ${id}`);
        expect(r.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS * 3 },
    );
    const lists = ['/v1/enterprises', '/v1/needs', '/v1/resources', '/v1/review/pairings', '/v1/review/stats', '/v1/admin/batch-runs', '/v1/lexicon/concepts', `/v1/needs/${ids.need}/matches`];
    const param = fc.constantFrom('q', 'page', 'pageSize', 'region', 'industry', 'kind', 'status', 'enterpriseId', 'batchRunId', 'days', 'limit', 'complex', 'voucherEligible', 'x');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), fc.dictionary(param, fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), badId), { maxKeys: 3 }), async (path, query) => {
        const qs = Object.entries(query).map(([k, v]) => `${k}=${/%/.test(v) ? v : encodeURIComponent(v)}`).join('&');
        const r = await server.call('GET', `${path}?${qs}`, undefined, { as: 'admin' });
        expectErrorShape(r, `${path}?${qs}`);
      }),
      { numRuns: RUNS * 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, br', 'x-unknown'), fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'application/octet-stream', 'multipart/form-data'), fc.uint8Array({ maxLength: 64 }), async (encoding, type, bytes) => {
        const res = await fetch(`${server.url}/v1/needs`, { method: 'POST', headers: { authorization: `Bearer ${server.keys.portal}`, 'content-type': type, 'content-encoding': encoding }, body: bytes });
        const text = await res.text();
        expectErrorShape({ status: res.status, body: text ? JSON.parse(text) : undefined }, `${encoding} ${type}`);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS },
    );
    expect(await totals()).toEqual(before);
  });
});
