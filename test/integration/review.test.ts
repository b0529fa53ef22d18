// The operators' review workflow through HTTP on the real PostgreSQL: the queue with its filters, one pairing in
// full, decisions along the pairing's life with an audit log, 409 for illegal moves and for the loser of two
// operators deciding at once, portal-saved suggestions in the same queue, the chart's numbers, and a batch re-run
// that keeps all of it. A batch run before the tests fills the queue; each test decides on pairings of its own,
// so any one can run alone.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');

interface QueueItem {
  id: number;
  score: number;
  status: string;
  source: string;
  batchRunId: number | null;
  need: { id: number; title: string; industry: string | null; region: string | null };
  resource: { id: number; name: string; kind: string; complex: string | null };
}

describe('review workflow', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('review');
  let batchRunId: number;
  const op = { as: 'operator' as const };
  const taken = new Set<number>();

  const runBatch = async () => {
    const started = await server.call('POST', '/v1/admin/batch-runs', { want: 3 });
    expect(started.status).toBe(202);
    return eventually('the batch run to complete', async () => {
      const r = await server.call('GET', `/v1/admin/batch-runs/${started.body.id}`);
      return r.body.status === 'completed' ? r.body : undefined;
    });
  };
  const queue = async (filter = '') => (await server.call('GET', `/v1/review/pairings?pageSize=100${filter}`, undefined, op)).body as { total: number; items: QueueItem[] };
  /** A suggested pairing no other test of this file has decided on. */
  const freshPairing = async (): Promise<QueueItem> => {
    const item = (await queue('&status=suggested')).items.find((p) => !taken.has(p.id));
    if (!item) throw new Error('no undecided pairing left');
    taken.add(item.id);
    return item;
  };
  const decide = (id: number, body: object) => server.call('POST', `/v1/review/pairings/${id}/decisions`, body, op);

  beforeAll(async () => {
    pg = await freshPostgres('review');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    expect((await server.call('POST', '/v1/import', registry, { type: 'application/x-ndjson' })).status).toBe(201);
    // More needs than the registry has, so that every test finds suggestions of its own to decide on.
    const needs = ['羊毛衫起球严重', '针织衫洗后变形', '面料颜色洗了就掉', '袜子缩水', '毛衫尺寸不稳定', '电机外壳镀层起泡', '轴承生锈', '五金件盐雾测试'].map((title, i) =>
      JSON.stringify({ type: 'need', enterprise: i < 5 ? 'ent-huajin' : '91330683MA2JK3LM2E', title, description: `${title}，想找人看看`, externalId: `review-need-${i}` }),
    );
    expect((await server.call('POST', '/v1/import', needs.join('\n'), { type: 'application/x-ndjson' })).status).toBe(201);
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
    const all = await queue('&status=suggested');
    expect(all.total).toBeGreaterThan(0);
    const scores = all.items.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const first = all.items.find((p) => p.source === 'batch')!;
    expect(first).toMatchObject({ status: 'suggested', source: 'batch', batchRunId, need: { id: expect.any(Number), title: expect.any(String) }, enterprise: { name: expect.any(String) }, resource: { name: expect.any(String) } });
    expect((first as unknown as { explanation: string }).explanation).toMatch(/语义相近/);

    // Each filter keeps something and removes something: the unfiltered queue holds both.
    const check = async (filter: string, keeps: (p: QueueItem) => boolean, removesSome = true) => {
      if (removesSome) expect(all.items.some((p) => !keeps(p)), filter).toBe(true);
      const r = await queue(`&status=suggested&${filter}`);
      expect(r.items.length, filter).toBeGreaterThan(0);
      for (const p of r.items) expect(keeps(p), filter).toBe(true);
      expect(r.total).toBe(all.items.filter(keeps).length);
    };
    await check('kind=equipment', (p) => p.resource.kind === 'equipment');
    await check('industry=metal', (p) => p.need.industry === 'metal');
    await check('region=keqiao', (p) => p.need.region === 'keqiao');
    await check(`batchRunId=${batchRunId}`, (p) => p.batchRunId === batchRunId, false);
    expect((await queue('&batchRunId=999')).total).toBe(0);
    const bad = await server.call('GET', '/v1/review/pairings?status=maybe&complex=moon', undefined, op);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['query.complex', 'query.status']);
  });

  it('filters by the complex hosting the resource', async () => {
    const made = await server.call('POST', '/v1/resources', { kind: 'lab', name: '柯桥纺织综合体缩水检测室', description: '羊毛衫缩水率、尺寸变化率检测', industries: ['textile'], categories: ['testing'], region: 'keqiao', complex: 'textile' });
    expect(made.body.complex).toBe('textile');
    await runBatch();
    const all = await queue();
    expect(all.items.some((p) => p.resource.complex !== 'textile')).toBe(true);
    const r = await queue('&complex=textile');
    expect(r.total).toBeGreaterThan(0);
    for (const p of r.items) expect(p.resource.complex).toBe('textile');
  });

  it('opens a pairing with both sides in full, contact details included, and its next steps', async () => {
    const shrink = (await queue('&status=suggested')).items.find((p) => p.need.title === '羊毛衫缩水变形')!;
    expect(shrink).toBeDefined();
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
    const { id } = await freshPairing();
    const to = (status: string, extra: object = {}) => decide(id, { status, ...extra });
    expect((await to('approved', { note: '对口，先联系' })).body).toMatchObject({ status: 'approved', note: '对口，先联系', decidedBy: 'test operator' });
    expect((await to('approved')).status).toBe(409);
    expect((await to('contacted')).body.status).toBe('contacted');
    const done = await to('completed', { note: '已完成检测' });
    expect(done.body.next).toEqual([]);
    const late = await to('rejected', { reason: 'not_relevant' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/completed is final/);
    const history = (await server.call('GET', `/v1/review/pairings/${id}`, undefined, op)).body.events;
    expect(history.map((e: { fromStatus: string; toStatus: string }) => `${e.fromStatus}→${e.toStatus}`)).toEqual(['suggested→approved', 'approved→contacted', 'contacted→completed']);
    expect(history[0]).toMatchObject({ actorName: 'test operator', note: '对口，先联系', createdAt: expect.any(String) });
  });

  it('needs a reason code to reject, logs the rejection, and a rejected pairing cannot be completed', async () => {
    const { id } = await freshPairing();
    const noReason = await decide(id, { status: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0]).toMatchObject({ path: 'reason', message: expect.stringContaining('not_relevant') });
    expect((await decide(id, { status: 'rejected', reason: 'bored' })).status).toBe(400);
    expect((await server.call('GET', `/v1/review/pairings/${id}`, undefined, op)).body).toMatchObject({ status: 'suggested', events: [] }); // nothing changed
    const rejected = await decide(id, { status: 'rejected', reason: 'too_far', note: '企业在嵊州，实验室太远' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'too_far', note: '企业在嵊州，实验室太远' });
    expect(rejected.body.events).toEqual([
      expect.objectContaining({ fromStatus: 'suggested', toStatus: 'rejected', reason: 'too_far', note: '企业在嵊州，实验室太远', actorName: 'test operator' }),
    ]);
    const complete = await decide(id, { status: 'completed' });
    expect(complete.status).toBe(409);
    expect(complete.body.error.message).toMatch(/rejected is final/);
  });

  it('shows one need with its candidates side by side, and decides several of them in one transaction: all, or none', async () => {
    const undecided = (await queue('&status=suggested')).items.filter((p) => !taken.has(p.id));
    const byNeed = new Map<number, QueueItem[]>();
    for (const p of undecided) byNeed.set(p.need.id, [...(byNeed.get(p.need.id) ?? []), p]);
    const [needId, mine] = [...byNeed].find(([, ps]) => ps.length >= 3)!;
    const other = undecided.find((p) => p.need.id !== needId)!;
    for (const p of mine) taken.add(p.id);
    const view = async () => (await server.call('GET', `/v1/review/needs/${needId}`, undefined, op)).body;
    const before = await view();
    expect(before.need.id).toBe(needId);
    expect(before.enterprise.name).toBeTruthy();
    expect(before.pairings.map((p: { score: number }) => p.score)).toEqual([...before.pairings.map((p: { score: number }) => p.score)].sort((a, b) => b - a));
    expect(before.pairings[0]).toMatchObject({ components: { semantic: expect.any(Number) }, resource: { name: expect.any(String), capacityPerMonth: expect.any(Number) }, next: ['approved', 'rejected'] });
    const decideAll = (decisions: object[]) => server.call('POST', `/v1/review/needs/${needId}/decisions`, { decisions }, op);
    const [a, b, c] = mine.map((p) => p.id) as [number, number, number];

    const refusals: Array<[object[], number, string]> = [
      [[{ pairingId: a, status: 'approved' }, { pairingId: b, status: 'approved', reason: 'too_far' }], 400, 'decisions.1.reason'],
      [[{ pairingId: a, status: 'approved' }, { pairingId: other.id, status: 'approved' }], 400, 'decisions.1.pairingId'],
      // The first would be allowed on its own: it is undone with the rest.
      [[{ pairingId: a, status: 'approved' }, { pairingId: b, status: 'completed' }], 409, 'decisions.1.status'],
      [[{ pairingId: a, status: 'approved' }, { pairingId: a, status: 'rejected', reason: 'too_far' }], 400, 'decisions'],
    ];
    for (const [decisions, status, path] of refusals) {
      const r = await decideAll(decisions);
      expect(r.status).toBe(status);
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    const unchanged = await view();
    expect(unchanged.pairings.map((p: { status: string }) => p.status)).toEqual(before.pairings.map((p: { status: string }) => p.status));
    for (const id of [a, b, c]) expect((await server.call('GET', `/v1/review/pairings/${id}`, undefined, op)).body.events).toEqual([]);

    const decided = await decideAll([{ pairingId: a, status: 'approved', note: '最对口' }, { pairingId: b, status: 'rejected', reason: 'too_far' }, { pairingId: c, status: 'approved' }]);
    expect(decided.status).toBe(200);
    const status = new Map(decided.body.pairings.map((p: { id: number; status: string }) => [p.id, p.status]));
    expect([a, b, c].map((id) => status.get(id))).toEqual(['approved', 'rejected', 'approved']);
    for (const id of [a, b, c]) expect((await server.call('GET', `/v1/review/pairings/${id}`, undefined, op)).body.events).toHaveLength(1);
    expect((await server.call('GET', '/v1/review/needs/999999', undefined, op)).status).toBe(404);
  });

  it('answers 404 to a decision on a pairing that does not exist', async () => {
    const r = await decide(999999, { status: 'approved' });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'not_found', message: 'pairing 999999 does not exist' });
  });

  it('makes two operators deciding at once take turns: no lost update, one event each, 409 for a move no longer allowed', async () => {
    // Both approve: the first wins, the second finds it approved already.
    const same = (await freshPairing()).id;
    const [a, b] = await Promise.all([decide(same, { status: 'approved', note: 'A' }), decide(same, { status: 'approved', note: 'B' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body.error.message).toMatch(/is approved .*cannot become approved/);
    const once = (await server.call('GET', `/v1/review/pairings/${same}`, undefined, op)).body;
    expect(once.events).toHaveLength(1);
    expect(once.events[0]).toMatchObject({ fromStatus: 'suggested', toStatus: 'approved' });

    // One approves, one rejects: in turn, approved → rejected is allowed, rejected → approved is not. Whichever
    // order the two came in, each accepted decision has its event, and each starts where the one before ended.
    const both = (await freshPairing()).id;
    const [c, d] = await Promise.all([decide(both, { status: 'approved' }), decide(both, { status: 'rejected', reason: 'not_relevant' })]);
    const accepted = [c, d].filter((r) => r.status === 200).length;
    expect([[200, 200], [200, 409]]).toContainEqual([c.status, d.status].sort());
    const after = (await server.call('GET', `/v1/review/pairings/${both}`, undefined, op)).body;
    expect(after.status).toBe('rejected');
    expect(after.events).toHaveLength(accepted);
    expect(after.events[0].fromStatus).toBe('suggested');
    for (let i = 1; i < after.events.length; i++) expect(after.events[i].fromStatus).toBe(after.events[i - 1].toStatus);
    expect(after.events.at(-1).toStatus).toBe('rejected');
  });

  it('saves a portal’s matches for its need as suggestions in the same queue, once', async () => {
    const ent = await server.call('POST', '/v1/enterprises', { creditCode: makeCreditCode('91', '330604', 'MA2HJPRTL'), name: '上虞区晶华酒业有限公司', region: 'shangyu', industry: 'huangjiu' }, { as: 'portal' });
    expect(ent.status).toBe(201);
    const need = (await server.call('POST', '/v1/needs', { enterpriseId: ent.body.id, title: '黄酒浑浊沉淀', description: '我们酿的黄酒放一阵就浑浊有沉淀，想找专家看看', industry: 'huangjiu' }, { as: 'portal' })).body.id as number;
    const saved = await server.call('POST', `/v1/needs/${need}/suggestions`, { limit: 3 }, { as: 'portal' });
    expect(saved.status).toBe(201);
    expect(saved.body.created).toBe(3);
    expect(saved.body.pairings).toHaveLength(3);
    for (const p of saved.body.pairings) expect(p).toMatchObject({ source: 'portal', status: 'suggested' });
    const again = await server.call('POST', `/v1/needs/${need}/suggestions`, { limit: 3 }, { as: 'portal' });
    expect(again.body).toMatchObject({ created: 0 });
    expect(again.body.pairings).toHaveLength(3);
    const other = await server.call('POST', '/v1/admin/keys', { role: 'portal', name: '另一个门户' });
    expect((await server.call('POST', `/v1/needs/${need}/suggestions`, {}, { key: other.body.key })).status).toBe(404);
    const mine = (await queue('&industry=huangjiu')).items.filter((p) => p.need.id === need);
    expect(mine).toHaveLength(3);
    for (const p of mine) expect(p.source).toBe('portal');
    // A batch re-run leaves a portal's suggestions as they are.
    await runBatch();
    expect((await queue('&industry=huangjiu')).items.filter((p) => p.need.id === need && p.source === 'portal')).toHaveLength(3);
  });

  it('counts decisions per day and the approval rate per industry, and a batch re-run keeps them', async () => {
    // A pearl enterprise's need, with three suggestions of its own: the only pearl decisions in this file.
    const ent = await server.call('POST', '/v1/enterprises', { creditCode: makeCreditCode('91', '330681', 'MA2PEARL7'), name: '诸暨市山下湖明珠珍珠有限公司', region: 'zhuji', industry: 'pearl' });
    const need = (await server.call('POST', '/v1/needs', { enterpriseId: ent.body.id, title: '珍珠发黄', description: '珍珠颜色发黄不好卖，想找人处理', industry: 'pearl', category: 'rnd' })).body.id as number;
    const saved = (await server.call('POST', `/v1/needs/${need}/suggestions`, { limit: 3 })).body.pairings as Array<{ id: number }>;
    expect(saved).toHaveLength(3);
    const statsNow = async () => (await server.call('GET', '/v1/review/stats?days=7', undefined, op)).body;
    const sum = (perDay: Array<Record<string, number>>, status: string) => perDay.reduce((s, d) => s + (d[status] ?? 0), 0);
    const before = await statsNow();

    expect((await decide(saved[0]!.id, { status: 'approved' })).status).toBe(200);
    expect((await decide(saved[0]!.id, { status: 'contacted' })).status).toBe(200);
    expect((await decide(saved[1]!.id, { status: 'approved' })).status).toBe(200);
    expect((await decide(saved[2]!.id, { status: 'rejected', reason: 'not_relevant' })).status).toBe(200);
    const after = await statsNow();
    // Summed over the window, so a run that crosses midnight (Asia/Shanghai) counts the same.
    expect(sum(after.perDay, 'approved') - sum(before.perDay, 'approved')).toBe(2);
    expect(sum(after.perDay, 'contacted') - sum(before.perDay, 'contacted')).toBe(1);
    expect(sum(after.perDay, 'rejected') - sum(before.perDay, 'rejected')).toBe(1);
    // Two approved (one of them contacted since), one rejected: 2 / 3.
    expect(after.byIndustry.find((r: { industry: string }) => r.industry === 'pearl')).toEqual({ industry: 'pearl', label: '珍珠', approved: 2, rejected: 1, approvalRate: 0.667 });

    const statuses = after.statuses;
    await runBatch();
    const kept = (await server.call('GET', '/v1/review/stats', undefined, op)).body.statuses;
    expect(kept).toMatchObject({ approved: statuses.approved, rejected: statuses.rejected, contacted: statuses.contacted, completed: statuses.completed });
    for (const p of saved) expect((await server.call('GET', `/v1/review/pairings/${p.id}`, undefined, op)).body.status).not.toBe('suggested');
  });
});
