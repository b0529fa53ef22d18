// Decisions improve the ranking, through HTTP on the real PostgreSQL: a rejected pair is never suggested again,
// a resource operators keep rejecting for an industry ranks lower there, and a ranker is trained, checked and
// adopted (or kept out, with the reason).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairings } from '../../src/db/schema.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const line = (o: object) => JSON.stringify(o);

describe('learning from decisions', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('ranker');
  const op = { as: 'operator' as const };
  let twins: { a: number; b: number };
  let needIds: number[];

  beforeAll(async () => {
    pg = await freshPostgres('ranker');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    // Two near-identical salt-spray chambers and twelve metal needs that all want one.
    const file = [
      line({ type: 'enterprise', creditCode: '91350100M000100Y43', name: '诸暨市丹桂机械配件有限公司', region: 'zhuji', externalId: 'e1' }),
      line({ type: 'resource', kind: 'equipment', name: '盐雾试验箱（甲）', description: '中性盐雾试验，评价金属镀层耐腐蚀性能', industries: ['metal'], categories: ['testing'], region: 'zhuji', capacityPerMonth: 50, externalId: 'twin-a' }),
      line({ type: 'resource', kind: 'equipment', name: '盐雾试验箱（乙）', description: '中性盐雾试验，评价金属镀层耐腐蚀性能', industries: ['metal'], categories: ['testing'], region: 'zhuji', capacityPerMonth: 50, externalId: 'twin-b' }),
      line({ type: 'resource', kind: 'expert', name: '陈志刚 教授', description: '金属腐蚀与防护、镀层失效分析', industries: ['metal'], categories: ['rnd'], region: 'yuecheng', externalId: 'ex1' }),
      ...Array.from({ length: 12 }, (_, i) => line({ type: 'need', enterprise: 'e1', title: `五金件生锈 ${i + 1}`, description: '产品放一段时间就生锈，想做盐雾耐腐蚀测试', industry: 'metal', externalId: `n${i}` })),
    ].join('\n');
    expect((await server.call('POST', '/v1/import', file, { type: 'application/x-ndjson' })).status).toBe(201);
    const ids = async (q: string) => (await server.call('GET', `/v1/resources?q=${encodeURIComponent(q)}`)).body.items[0].id as number;
    twins = { a: await ids('盐雾试验箱（甲）'), b: await ids('盐雾试验箱（乙）') };
    needIds = (await server.call('GET', '/v1/needs?pageSize=100')).body.items.map((n: { id: number }) => n.id);
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  const topTwin = async (needId: number) => {
    const m = await server.call('POST', '/v1/match', { needId, kinds: ['equipment'], limit: 2 });
    return m.body.matches as Array<{ resource: { id: number }; components: { feedback: number }; explanation: string }>;
  };

  it('never suggests a pair again once an operator rejected it', async () => {
    const saved = await server.call('POST', `/v1/needs/${needIds[0]}/suggestions`, { limit: 3 });
    const pair = saved.body.pairings.find((p: { resource: { id: number } }) => p.resource.id === twins.a);
    await server.call('POST', `/v1/review/pairings/${pair.id}/decisions`, { status: 'rejected', reason: 'not_relevant' }, op);
    const m = await server.call('POST', '/v1/match', { needId: needIds[0], limit: 5 });
    expect(m.body.matches.map((x: { resource: { id: number } }) => x.resource.id)).not.toContain(twins.a);
    expect(m.body.matches).toHaveLength(Math.min(5, 2)); // the other two resources still come
  });

  it('ranks a resource operators keep rejecting for an industry below its twin there', async () => {
    const before = await topTwin(needIds[11]!);
    const first = before[0]!.resource.id;
    const second = before[1]!.resource.id;
    // Operators reject the twin that comes first for six needs and approve the other for six.
    for (const [i, needId] of needIds.slice(1, 7).entries()) {
      const saved = await server.call('POST', `/v1/needs/${needId}/suggestions`, { limit: 3 });
      const byResource = new Map<number, number>(saved.body.pairings.map((p: { id: number; resource: { id: number } }) => [p.resource.id, p.id]));
      await server.call('POST', `/v1/review/pairings/${byResource.get(first)}/decisions`, { status: 'rejected', reason: 'not_relevant', note: `第${i + 1}次` }, op);
      await server.call('POST', `/v1/review/pairings/${byResource.get(second)}/decisions`, { status: 'approved' }, op);
    }
    await server.engine.ranking.refresh(); // every process does this every 30 s
    const after = await topTwin(needIds[11]!);
    expect(after[0]!.resource.id).toBe(second);
    expect(after.find((m) => m.resource.id === first)!.components.feedback).toBeLessThan(0);
    expect(after.find((m) => m.resource.id === first)!.explanation).toContain('多被运营驳回');
    // Another industry is untouched.
    const elsewhere = await server.call('POST', '/v1/match', { text: '想做盐雾测试', industry: 'textile', kinds: ['equipment'], limit: 2 });
    expect(elsewhere.body.matches).toHaveLength(2);
    for (const m of elsewhere.body.matches as Array<{ components: { feedback: number } }>) expect(m.components.feedback).toBe(0);
  });

  it('keeps the hand-set weights with too few decisions, and says so', async () => {
    expect((await server.call('POST', '/v1/admin/rankers', undefined, op)).status).toBe(403);
    const r = await server.call('POST', '/v1/admin/rankers');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'rejected', accepted: false, reason: expect.stringContaining('too few decisions') });
    expect((await server.call('GET', '/v1/admin/rankers')).body.inUse).toBeNull();
  });

  it('adopts a ranker that orders held-out decisions better, and matching uses it', async () => {
    // Operators who approve only what is in the same district, whatever else the scores say.
    const db = server.engine.ctx.db;
    let seed = 11;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    await db.delete(pairings);
    let n = 0;
    for (const needId of needIds) {
      for (let j = 0; j < 8; j++) {
        const region = j % 2;
        const components = { semantic: 0.6 + rand() * 0.2, lexical: rand() * 0.3, category: 1, industry: 1, region, voucher: 0, availability: 0, feedback: 0 };
        // A fresh resource per pairing keeps (need, resource) unique.
        const res = await server.call('POST', '/v1/resources', { kind: 'service', name: `检测服务 ${needId}-${j}`, description: '盐雾检测', industries: ['metal'], categories: ['testing'] });
        await db.insert(pairings).values({ needId, resourceId: res.body.id, rank: j + 1, score: 1, components, explanation: '', status: region === 1 ? 'approved' : 'rejected', industry: 'metal' });
        n++;
      }
    }
    expect(n).toBe(96);
    const r = await server.call('POST', '/v1/admin/rankers');
    expect(r.body).toMatchObject({ status: 'active', accepted: true });
    expect(r.body.metrics.aucFitted).toBeGreaterThan(r.body.metrics.aucInUse);
    expect(r.body.weights.region).toBeGreaterThan(r.body.weights.lexical);
    const state = (await server.call('GET', '/v1/admin/rankers')).body;
    expect(state.inUse).toBe(r.body.id);
    expect(state.weights.region).toBe(r.body.weights.region);
    const m = await server.call('POST', '/v1/match', { text: '想做盐雾测试', limit: 1 });
    const top = m.body.matches[0];
    expect(top.contributions.region).toBeCloseTo(top.components.region * r.body.weights.region, 6);
  });
});
