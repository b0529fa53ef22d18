// The operators' review workflow through HTTP on the real PostgreSQL: the queue with its filters, one pairing in
// full, decisions along the pairing's life with an audit log, 409 for illegal moves, portal-saved suggestions in
// the same queue, the chart's numbers, and a batch re-run that keeps all of it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');

describe('review workflow', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('review');
  let portalNeed: number;
  let batchRunId: number;
  const op = { as: 'operator' as const };

  const runBatch = async () => {
    const started = await server.call('POST', '/v1/admin/batch-runs', { want: 3 });
    expect(started.status).toBe(202);
    return eventually('the batch run to complete', async () => {
      const r = await server.call('GET', `/v1/admin/batch-runs/${started.body.id}`);
      return r.body.status === 'completed' ? r.body : undefined;
    });
  };

  beforeAll(async () => {
    pg = await freshPostgres('review');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    expect((await server.call('POST', '/v1/import', registry, { type: 'application/x-ndjson' })).status).toBe(201);
    batchRunId = (await runBatch()).id;
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  it('keeps the queue for operators and admins', async () => {
    const r = await server.call('GET', '/v1/review/pairings', undefined, { as: 'portal' });
    expect(r.status).toBe(403);
    expect((await server.call('GET', '/v1/review/pairings', undefined, op)).status).toBe(200);
  });

  it('lists suggested pairings with both sides, best first, and filters them', async () => {
    const all = await server.call('GET', '/v1/review/pairings?status=suggested&pageSize=100', undefined, op);
    expect(all.body.total).toBeGreaterThan(0);
    const scores = all.body.items.map((p: { score: number }) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const first = all.body.items[0];
    expect(first).toMatchObject({ status: 'suggested', source: 'batch', batchRunId, need: { id: expect.any(Number), title: expect.any(String) }, enterprise: { name: expect.any(String) }, resource: { name: expect.any(String) } });
    expect(first.explanation).toMatch(/语义相近/);

    const byKind = await server.call('GET', '/v1/review/pairings?kind=equipment&pageSize=100', undefined, op);
    expect(byKind.body.total).toBeGreaterThan(0);
    expect(byKind.body.items.every((p: { resource: { kind: string } }) => p.resource.kind === 'equipment')).toBe(true);
    const byIndustry = await server.call('GET', '/v1/review/pairings?industry=metal', undefined, op);
    expect(byIndustry.body.total).toBeGreaterThan(0);
    expect(byIndustry.body.items.every((p: { need: { industry: string } }) => p.need.industry === 'metal')).toBe(true);
    const byRegion = await server.call('GET', '/v1/review/pairings?region=keqiao', undefined, op);
    expect(byRegion.body.items.every((p: { need: { region: string } }) => p.need.region === 'keqiao')).toBe(true);
    expect((await server.call('GET', `/v1/review/pairings?batchRunId=${batchRunId}`, undefined, op)).body.total).toBe(all.body.total);
    expect((await server.call('GET', '/v1/review/pairings?batchRunId=999', undefined, op)).body.total).toBe(0);
    const bad = await server.call('GET', '/v1/review/pairings?status=maybe&complex=moon', undefined, op);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['query.complex', 'query.status']);
  });

  it('filters by the complex hosting the resource', async () => {
    const made = await server.call('POST', '/v1/resources', { kind: 'lab', name: '柯桥纺织综合体缩水检测室', description: '羊毛衫缩水率、尺寸变化率检测', industries: ['textile'], categories: ['testing'], region: 'keqiao', complex: 'textile' });
    expect(made.body.complex).toBe('textile');
    await runBatch();
    const r = await server.call('GET', '/v1/review/pairings?complex=textile', undefined, op);
    expect(r.body.total).toBeGreaterThan(0);
    expect(r.body.items.every((p: { resource: { complex: string } }) => p.resource.complex === 'textile')).toBe(true);
  });

  it('opens a pairing with both sides in full, contact details included, and its next steps', async () => {
    const list = await server.call('GET', '/v1/review/pairings?status=suggested&pageSize=100', undefined, op);
    const shrink = list.body.items.find((p: { need: { title: string } }) => p.need.title === '羊毛衫缩水变形');
    const one = await server.call('GET', `/v1/review/pairings/${shrink.id}`, undefined, op);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ status: 'suggested', statusLabel: '待审核', next: ['approved', 'rejected'], events: [] });
    expect(one.body.need.description).toContain('羊毛衫');
    expect(one.body.enterprise.contact).toEqual({ person: '沈国平', phone: '0575-84123456' });
    expect(one.body.resource.description.length).toBeGreaterThan(10);
    expect(Object.keys(one.body.components)).toEqual(expect.arrayContaining(['semantic', 'lexical', 'category', 'industry', 'region']));
    expect((await server.call('GET', '/v1/review/pairings/999999', undefined, op)).status).toBe(404);
  });

  it('moves a pairing along its life, logs who did what, and refuses illegal moves with 409', async () => {
    const id = (await server.call('GET', '/v1/review/pairings?status=suggested', undefined, op)).body.items[0].id;
    const decideAs = (status: string, extra: object = {}) => server.call('POST', `/v1/review/pairings/${id}/decisions`, { status, ...extra }, op);
    expect((await decideAs('approved', { note: '对口，先联系' })).body).toMatchObject({ status: 'approved', note: '对口，先联系', decidedBy: 'test operator' });
    expect((await decideAs('approved')).status).toBe(409);
    expect((await decideAs('contacted')).body.status).toBe('contacted');
    const done = await decideAs('completed', { note: '已完成检测' });
    expect(done.body.next).toEqual([]);
    const late = await decideAs('rejected', { reason: 'not_relevant' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/completed is final/);
    const history = (await server.call('GET', `/v1/review/pairings/${id}`, undefined, op)).body.events;
    expect(history.map((e: { fromStatus: string; toStatus: string }) => `${e.fromStatus}→${e.toStatus}`)).toEqual(['suggested→approved', 'approved→contacted', 'contacted→completed']);
    expect(history[0]).toMatchObject({ actorName: 'test operator', note: '对口，先联系', createdAt: expect.any(String) });
  });

  it('needs a reason code to reject, and a rejected pairing cannot be completed', async () => {
    const id = (await server.call('GET', '/v1/review/pairings?status=suggested', undefined, op)).body.items[0].id;
    const noReason = await server.call('POST', `/v1/review/pairings/${id}/decisions`, { status: 'rejected' }, op);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0]).toMatchObject({ path: 'reason', message: expect.stringContaining('not_relevant') });
    expect((await server.call('POST', `/v1/review/pairings/${id}/decisions`, { status: 'rejected', reason: 'bored' }, op)).status).toBe(400);
    expect((await server.call('GET', `/v1/review/pairings/${id}`, undefined, op)).body.status).toBe('suggested'); // nothing changed
    const rejected = await server.call('POST', `/v1/review/pairings/${id}/decisions`, { status: 'rejected', reason: 'too_far', note: '企业在嵊州，实验室太远' }, op);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'too_far' });
    const complete = await server.call('POST', `/v1/review/pairings/${id}/decisions`, { status: 'completed' }, op);
    expect(complete.status).toBe(409);
    expect(complete.body.error.message).toMatch(/rejected is final/);
  });

  it('saves a portal’s matches for its need as suggestions in the same queue, once', async () => {
    const ent = await server.call('POST', '/v1/enterprises', { creditCode: '91350100M000100Y43', name: '上虞区晶华化工有限公司', region: 'shangyu', industry: 'chemical' }, { as: 'portal' });
    portalNeed = (await server.call('POST', '/v1/needs', { enterpriseId: ent.body.id, title: '黄酒浑浊沉淀', description: '我们酿的黄酒放一阵就浑浊有沉淀，想找专家看看', industry: 'huangjiu' }, { as: 'portal' })).body.id;
    const saved = await server.call('POST', `/v1/needs/${portalNeed}/suggestions`, { limit: 3 }, { as: 'portal' });
    expect(saved.status).toBe(201);
    expect(saved.body.created).toBe(3);
    expect(saved.body.pairings.every((p: { source: string; status: string }) => p.source === 'portal' && p.status === 'suggested')).toBe(true);
    const again = await server.call('POST', `/v1/needs/${portalNeed}/suggestions`, { limit: 3 }, { as: 'portal' });
    expect(again.body).toMatchObject({ created: 0 });
    expect(again.body.pairings).toHaveLength(3);
    const other = await server.call('POST', '/v1/admin/keys', { role: 'portal', name: '另一个门户' });
    expect((await server.call('POST', `/v1/needs/${portalNeed}/suggestions`, {}, { key: other.body.key })).status).toBe(404);
    const queue = await server.call('GET', '/v1/review/pairings?industry=huangjiu', undefined, op);
    expect(queue.body.items.filter((p: { source: string; need: { id: number } }) => p.source === 'portal' && p.need.id === portalNeed)).toHaveLength(3);
  });

  it('shows the chart’s numbers, and a batch re-run keeps decisions and portal suggestions', async () => {
    const stats = await server.call('GET', '/v1/review/stats?days=7', undefined, op);
    const today = stats.body.perDay.at(-1);
    expect(today).toMatchObject({ approved: 1, rejected: 1, contacted: 1, completed: 1 });
    expect(stats.body.byIndustry.length).toBeGreaterThan(0);
    for (const row of stats.body.byIndustry) expect(row.approvalRate).toBe(Math.round((row.approved / (row.approved + row.rejected)) * 1000) / 1000);
    const before = stats.body.statuses;
    await runBatch();
    const after = (await server.call('GET', '/v1/review/stats', undefined, op)).body.statuses;
    expect(after).toMatchObject({ rejected: before.rejected, completed: before.completed });
    const portal = await server.call('GET', '/v1/review/pairings?industry=huangjiu&pageSize=100', undefined, op);
    expect(portal.body.items.filter((p: { source: string; need: { id: number } }) => p.source === 'portal' && p.need.id === portalNeed)).toHaveLength(3);
  });
});
