// The API's description against the server: /openapi.json lints clean (Redocly's recommended rules), the typed
// client's committed types are what the served description generates, and that client calls every operation,
// each answer checked against the description's schema for its status. /docs renders it without the network.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import createClient, { type Middleware } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import { tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import type { paths } from '../openapi/api.js';
import { clientTypes } from '../openapi/client-types.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');
const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

describe('the OpenAPI description', () => {
  const data = tempDataDir('openapi');
  let server: TestServer;
  let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
  const called = new Set<string>();
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ dataDir: data.dir });
    doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof doc;
  });
  afterAll(async () => {
    await server?.close();
    data.remove();
  });

  it('lints clean with Redocly’s recommended rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sxm-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
      const run = spawnSync(process.execPath, [cli, 'lint', '--config', resolve(import.meta.dirname, '../openapi/redocly.yaml'), join(dir, 'openapi.json')], { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout + run.stderr).toContain('Your API description is valid');
      expect(run.stdout + run.stderr).not.toMatch(/You have \d+ warning/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what the typed client was generated from (run `npm run openapi:client` after changing the API)', async () => {
    expect(await clientTypes(doc)).toBe(readFileSync(resolve(import.meta.dirname, '../openapi/api.d.ts'), 'utf8'));
  });

  it('describes every answer of every operation a generated client calls', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ ...doc, $id: 'openapi.json' });
    // Every answer is checked against the schema the description gives for its operation and status.
    const checking: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        const method = request.method.toLowerCase();
        called.add(`${method} ${schemaPath}`);
        const described = doc.paths[schemaPath]?.[method]?.responses[String(response.status)];
        if (!described) return void problems.push(`${method} ${schemaPath}: ${response.status} is not described`);
        const type = Object.keys(described.content ?? {})[0];
        if (!type) return void (response.headers.get('content-length') !== '0' && response.status !== 204 && problems.push(`${method} ${schemaPath}: ${response.status} has a body the description does not`));
        if (!type.includes('json')) return void (!response.headers.get('content-type')?.startsWith(type) && problems.push(`${method} ${schemaPath}: ${response.headers.get('content-type')} is not ${type}`));
        const validate = ajv.getSchema(`openapi.json#/paths/${pointer(schemaPath)}/${method}/responses/${response.status}/content/${pointer(type)}/schema`)!;
        if (!validate(await response.clone().json())) problems.push(`${method} ${schemaPath} ${response.status}: ${ajv.errorsText(validate.errors)}`);
      },
    };
    const as = (role: 'portal' | 'operator' | 'admin') => {
      const c = createClient<paths>({ baseUrl: server.url, headers: { authorization: `Bearer ${server.keys[role]}` } });
      c.use(checking);
      return c;
    };
    const portal = as('portal');
    const admin = as('admin');
    const open = createClient<paths>({ baseUrl: server.url });
    open.use(checking);

    await open.GET('/healthz');
    await open.GET('/readyz');
    await open.GET('/openapi.json');
    const imported = await admin.POST('/v1/import', { body: registry, bodySerializer: (b) => b, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.response.status).toBe(201);

    const enterprise = (await portal.POST('/v1/enterprises', { body: { creditCode: makeCreditCode('91', '330602', 'MA2QAPT01'), name: '越城区某精工有限公司', region: 'yuecheng', industry: 'metal' } })).data!;
    expect(enterprise?.id).toBeGreaterThan(0);
    await portal.GET('/v1/enterprises', { params: { query: { pageSize: 5 } } });
    await portal.GET('/v1/enterprises/{id}', { params: { path: { id: enterprise.id } } });
    await portal.PATCH('/v1/enterprises/{id}', { params: { path: { id: enterprise.id } }, body: { name: '越城区某精工科技有限公司' } });

    const need = (await portal.POST('/v1/needs', { body: { enterpriseId: enterprise.id, title: '模具钢热处理变形', description: '淬火后尺寸变化大，想找热处理专家' } })).data!;
    await portal.GET('/v1/needs', { params: { query: { q: '模具' } } });
    await portal.GET('/v1/needs/{id}', { params: { path: { id: need.id } } });
    await portal.PATCH('/v1/needs/{id}', { params: { path: { id: need.id } }, body: { wantsVoucher: true } });
    const matched = await portal.GET('/v1/needs/{id}/matches', { params: { path: { id: need.id }, query: { limit: 3 } } });
    expect(matched.data?.matches.length).toBeGreaterThan(0);
    await portal.POST('/v1/needs/{id}/suggestions', { params: { path: { id: need.id } }, body: { limit: 2 } });
    const text = await portal.POST('/v1/match', { body: { text: '羊毛衫洗了缩水', limit: 3 } });
    expect(text.data?.matches[0]?.explanation).toBeTruthy();

    const resource = (await portal.POST('/v1/resources', { body: { kind: 'equipment', name: '洛氏硬度计', description: '金属材料洛氏硬度测定', industries: ['metal'], categories: ['testing'], details: { model: 'HR-150A' } } })).data!;
    await portal.GET('/v1/resources', { params: { query: { kind: 'equipment' } } });
    await portal.GET('/v1/resources/{id}', { params: { path: { id: resource.id } } });
    await portal.PATCH('/v1/resources/{id}', { params: { path: { id: resource.id } }, body: { availability: 'limited' } });

    const operator = as('operator');
    const queue = (await operator.GET('/v1/review/pairings', { params: { query: { status: 'suggested' } } })).data!;
    const pairing = queue.items[0]!;
    await operator.GET('/v1/review/pairings/{id}', { params: { path: { id: pairing.id } } });
    await operator.POST('/v1/review/pairings/{id}/decisions', { params: { path: { id: pairing.id } }, body: { status: 'approved', note: '对口' } });
    const refused = await operator.POST('/v1/review/pairings/{id}/decisions', { params: { path: { id: pairing.id } }, body: { status: 'suggested' as never } });
    expect(refused.response.status).toBe(400);
    const forNeed = (await operator.GET('/v1/review/needs/{id}', { params: { path: { id: need.id } } })).data!;
    const undecided = forNeed.pairings.filter((p) => p.status === 'suggested');
    expect(undecided.length).toBeGreaterThan(0);
    await operator.POST('/v1/review/needs/{id}/decisions', { params: { path: { id: need.id } }, body: { decisions: undecided.map((p) => ({ pairingId: p.id, status: 'rejected' as const, reason: 'not_relevant' as const })) } });
    await operator.GET('/v1/review/stats', { params: { query: { days: 7 } } });
    const figures = (await operator.GET('/v1/review/performance', { params: { query: { complex: 'metal' } } })).data!;
    expect(figures.months).toHaveLength(12);
    const csv = await operator.GET('/v1/review/performance.csv', { params: { query: { from: '2026-01', to: '2026-03' } }, parseAs: 'text' });
    expect(csv.data).toContain('月份');
    const opportunities = (await operator.GET('/v1/resources/{id}/opportunities', { params: { path: { id: resource.id }, query: { limit: 5 } } })).data!;
    expect(opportunities.capacity.perMonth).toBeGreaterThan(0);
    await operator.GET('/v1/review/vocabulary');

    await operator.GET('/v1/lexicon');
    const concepts = (await operator.GET('/v1/lexicon/concepts', { params: { query: { q: '缩水' } } })).data!;
    const concept = concepts.items[0] as { key: string };
    await operator.PUT('/v1/lexicon/concepts/{key}', { params: { path: { key: concept.key } }, body: { concept: concept as never, note: '原样保存' } });
    await operator.DELETE('/v1/lexicon/concepts/{key}', { params: { path: { key: concept.key } }, body: { note: '试一下' } });

    await admin.GET('/v1/admin/jobs');
    const run = (await admin.POST('/v1/admin/batch-runs', { body: { want: 2 } })).data!;
    await admin.GET('/v1/admin/batch-runs', { params: { query: { limit: 5 } } });
    await admin.GET('/v1/admin/batch-runs/{id}', { params: { path: { id: run.id } } });
    await admin.GET('/v1/admin/rankers');
    await admin.POST('/v1/admin/rankers');
    const key = (await admin.POST('/v1/admin/keys', { body: { name: '门户甲', role: 'portal' } })).data!;
    expect(key.key).toMatch(/^sxm_portal_/);
    await admin.GET('/v1/admin/keys');
    const complexes = (await admin.GET('/v1/admin/complexes')).data!;
    expect(complexes.items).toHaveLength(9);
    await admin.PUT('/v1/admin/complexes/{code}', { params: { path: { code: 'metal' } }, body: { outreach: false } });
    await admin.DELETE('/v1/admin/keys/{id}', { params: { path: { id: key.id } } });

    const missing = await portal.GET('/v1/needs/{id}', { params: { path: { id: 999_999 } } });
    expect(missing.response.status).toBe(404);
    await portal.DELETE('/v1/resources/{id}', { params: { path: { id: resource.id } } });
    await portal.DELETE('/v1/needs/{id}', { params: { path: { id: need.id } } });
    await portal.DELETE('/v1/enterprises/{id}', { params: { path: { id: enterprise.id } } });

    expect(problems).toEqual([]);
    const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(described.filter((op) => !called.has(op))).toEqual([]);
  });

  it('serves a reference page that needs nothing from the network', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Only this server's own URLs: no CDN.
    expect([...html.matchAll(/(?:src|href|spec-url)="([^"]+)"/g)].map((m) => m[1])).toEqual(['/openapi.json', '/docs/redoc.standalone.js']);
    const script = await fetch(`${server.url}/docs/redoc.standalone.js`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});
