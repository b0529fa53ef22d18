// Outreach through HTTP on the real PostgreSQL (the embedded indexing mode): a resource's opportunities for
// operators, the suggestions a single registration makes in the review queue (within capacity, never to needs paired
// with it already or crowded), the batch keeping them against the same budget, and the admin's switch per complex.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');

interface Opportunity {
  rank: number;
  need: { id: number; title: string };
  enterprise: { id: number; name: string; needs: number };
  score: number;
  components: Record<string, number>;
  placeInList: number;
  explanation: string;
}
interface Opportunities {
  resource: { id: number };
  capacity: { perMonth: number; held: number; suggested: number; budget: number };
  opportunities: Opportunity[];
}
interface QueueItem {
  id: number;
  rank: number;
  status: string;
  source: string;
  explanation: string;
  need: { id: number; title: string };
  resource: { id: number };
}

/** Colour-fastness needs in several wordings, and others that have nothing to do with it. */
const NEEDS = [
  ['面料颜色洗了就掉', '我们的棉布洗两次就掉色，客户投诉，想测一下色牢度'],
  ['T恤晒了褪色', '夏季T恤晒几天就褪色发白，想找地方做耐光色牢度检测'],
  ['牛仔布沾色', '牛仔面料水洗时沾染别的衣物，想查耐水洗色牢度'],
  ['丝巾摩擦掉色', '真丝围巾摩擦后掉色，需要做耐摩擦色牢度测试'],
  ['黄酒放久了浑浊', '瓶装黄酒存放半年后出现沉淀浑浊，想找专家分析原因'],
  ['电机轴承异响', '电机运行时轴承有异响，想请专家诊断'],
];

const colourTester = (name: string, extra: object = {}) => ({
  kind: 'equipment',
  name,
  description: '纺织品色牢度综合测试：耐水洗、耐摩擦、耐光、耐汗渍色牢度检测，依据GB/T 3921、GB/T 3920、GB/T 8427，出具检测报告。',
  industries: ['textile'],
  categories: ['testing'],
  region: 'keqiao',
  complex: 'textile',
  capacityPerMonth: 20,
  ...extra,
});

describe('outreach', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('outreach');
  const op = { as: 'operator' as const };
  const register = async (body: object) => {
    const r = await server.call('POST', '/v1/resources', body);
    expect(r.status).toBe(201);
    return r.body.id as number;
  };
  const opportunities = async (id: number, query = '') => (await server.call('GET', `/v1/resources/${id}/opportunities${query}`, undefined, op)).body as Opportunities;
  const outreachOf = async (resourceId: number) =>
    ((await server.call('GET', '/v1/review/pairings?source=outreach&pageSize=100', undefined, op)).body.items as QueueItem[]).filter((p) => p.resource.id === resourceId);

  beforeAll(async () => {
    pg = await freshPostgres('outreach');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    expect((await server.call('POST', '/v1/import', registry, { type: 'application/x-ndjson' })).status).toBe(201);
    const lines = NEEDS.map(([title, description], i) => JSON.stringify({ type: 'need', enterprise: i < 4 ? 'ent-huajin' : '91330683MA2JK3LM2E', title, description, externalId: `outreach-need-${i}` }));
    expect((await server.call('POST', '/v1/import', lines.join('\n'), { type: 'application/x-ndjson' })).status).toBe(201);
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  it('lists a resource’s opportunities for operators: the needs it serves first, explained from the need’s side', async () => {
    const id = await register(colourTester('色牢度测试仪（列表）', { capacityPerMonth: 30, complex: undefined }));
    expect((await server.call('GET', `/v1/resources/${id}/opportunities`, undefined, { as: 'portal' })).status).toBe(403);
    const found = await opportunities(id, '?limit=10');
    // Outreach already suggested it to some needs: those are paired now and left out of the list.
    const suggested = new Set((await outreachOf(id)).map((p) => p.need.id));
    expect(found.opportunities.every((o) => !suggested.has(o.need.id))).toBe(true);
    const all = [...suggested, ...found.opportunities.map((o) => o.need.id)];
    const titles = await Promise.all(all.slice(0, 4).map(async (needId) => (await server.call('GET', `/v1/needs/${needId}`)).body.title as string));
    // The four colour-fastness needs come before anything else.
    expect(new Set(titles)).toEqual(new Set(NEEDS.slice(0, 4).map(([t]) => t)));
    const scores = found.opportunities.map((o) => o.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const o of found.opportunities) {
      expect(o.explanation.length).toBeGreaterThan(0);
      expect(o.enterprise.needs).toBeGreaterThan(0);
      expect(o.placeInList).toBeGreaterThanOrEqual(1);
    }
    expect(found.capacity).toMatchObject({ perMonth: 30, held: suggested.size, budget: 36 - suggested.size });
  });

  it('scores a pair as the need’s own match does: the same score, the same place in its list', async () => {
    const id = await register(colourTester('色牢度测试仪（对照）', { capacityPerMonth: 30, complex: undefined }));
    const found = await opportunities(id, '?limit=20');
    expect(found.opportunities.length).toBeGreaterThanOrEqual(3);
    for (const o of found.opportunities) {
      const own = await server.call('POST', '/v1/match', { needId: o.need.id, limit: 50, diversity: false });
      const place = (own.body.matches as Array<{ resource: { id: number }; score: number }>).findIndex((m) => m.resource.id === id);
      expect(place + 1).toBe(o.placeInList);
      expect(own.body.matches[place].score).toBeCloseTo(o.score, 4);
    }
  });

  it('explains the need–resource fit in the resource’s words', async () => {
    const id = await register(colourTester('色牢度测试仪（说明）', { complex: undefined }));
    const made = await outreachOf(id);
    const text = [...made.map((p) => p.explanation), ...(await opportunities(id)).opportunities.map((o) => o.explanation)].join('\n');
    expect(text).toMatch(/该需求(推断)?要公共检测，本仪器对口/);
    expect(text).toMatch(/该需求(推断)?属纺织产业，正是本仪器服务的行业/);
    expect(text).toContain('同在柯桥区');
  });

  it('suggests a newly registered instrument to the needs it serves, in the review queue at once', async () => {
    const id = await register(colourTester('色牢度测试仪（推送）'));
    const made = await outreachOf(id);
    expect(made.length).toBeLessThanOrEqual(5);
    // Every colour-fastness need hears of it; any other need only where its own list places it among five.
    expect(made.map((p) => p.need.title)).toEqual(expect.arrayContaining(NEEDS.slice(0, 4).map(([t]) => t)));
    for (const p of made) {
      expect(p.status).toBe('suggested');
      expect(p.rank).toBeLessThanOrEqual(5);
      expect(p.explanation).toContain('本仪器');
    }
    // The need-centred view shows it beside the need's other candidates.
    const review = await server.call('GET', `/v1/review/needs/${made[0]!.need.id}`, undefined, op);
    expect(review.body.pairings.some((p: { resource: { id: number }; source: string }) => p.resource.id === id && p.source === 'outreach')).toBe(true);
  });

  it('stays within the resource’s capacity, counting what is held already', async () => {
    const id = await register(colourTester('色牢度测试仪（一台）', { capacityPerMonth: 1 }));
    // One a month with the batch's 20% slack: one place.
    expect((await outreachOf(id)).length).toBe(1);
    const found = await opportunities(id);
    expect(found.capacity).toMatchObject({ perMonth: 1, held: 1, budget: 0 });
    expect(found.opportunities).toEqual([]);
  });

  it('suggests nothing for a resource no need places among its first suggestions', async () => {
    const id = await register({ kind: 'service', name: '跨境直播带货培训', description: '抖音、TikTok直播带货运营培训与主播孵化', industries: [], categories: ['training'], region: 'yuecheng', capacityPerMonth: 20 });
    const found = await opportunities(id);
    const made = await outreachOf(id);
    // Listed for an operator who wants to look, but suggested to nobody: every need has five better candidates.
    expect(found.opportunities.length).toBeGreaterThan(0);
    for (const o of found.opportunities) expect(o.placeInList).toBeGreaterThan(5);
    expect(made).toEqual([]);
  });

  it('does not crowd a need that has as many pairings as a batch gives it', async () => {
    // Seven more copies of the tester: the colour-fastness needs fill up to five live pairings each, then no more.
    for (let i = 0; i < 7; i++) await register(colourTester(`色牢度测试仪（第${i + 1}台）`, { complex: undefined }));
    const queue = ((await server.call('GET', '/v1/review/pairings?pageSize=100', undefined, op)).body.items as QueueItem[]).filter((p) => p.status !== 'rejected');
    const perNeed = new Map<number, number>();
    for (const p of queue) perNeed.set(p.need.id, (perNeed.get(p.need.id) ?? 0) + 1);
    expect(Math.max(...perNeed.values())).toBe(5);
  });

  it('lets an admin turn outreach off per complex: the list stays, the suggestions stop', async () => {
    expect((await server.call('PUT', '/v1/admin/complexes/textile', { outreach: false }, op)).status).toBe(403);
    const bad = await server.call('PUT', '/v1/admin/complexes/textile', { outreach: 'no' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('outreach');
    expect((await server.call('PUT', '/v1/admin/complexes/moon', { outreach: false })).body.error.fields[0].path).toBe('code');
    const off = await server.call('PUT', '/v1/admin/complexes/huangjiu', { outreach: false });
    expect(off.body).toMatchObject({ code: 'huangjiu', outreach: false, updatedBy: 'test admin' });
    const listed = (await server.call('GET', '/v1/admin/complexes')).body.items as Array<{ code: string; outreach: boolean }>;
    expect(listed.find((c) => c.code === 'huangjiu')!.outreach).toBe(false);
    expect(listed.find((c) => c.code === 'textile')!.outreach).toBe(true);

    const expert = { kind: 'expert', name: '黄酒澄清专家', description: '黄酒沉淀浑浊成因分析与澄清工艺改进，解决瓶装黄酒存放后浑浊问题。', industries: ['huangjiu'], categories: ['rnd'], region: 'yuecheng', complex: 'huangjiu' };
    const silent = await register(expert);
    expect(await outreachOf(silent)).toEqual([]);
    expect((await opportunities(silent)).opportunities[0]!.need.title).toBe('黄酒放久了浑浊');

    await server.call('PUT', '/v1/admin/complexes/huangjiu', { outreach: true });
    const heard = await register({ ...expert, name: '黄酒澄清专家（二）' });
    expect((await outreachOf(heard)).map((p) => p.need.title)).toContain('黄酒放久了浑浊');
  });

  it('follows the needs as they change: one registered after the list was made appears, one closed leaves', async () => {
    const id = await register(colourTester('色牢度测试仪（跟随）', { capacityPerMonth: 30, complex: undefined }));
    const listed = async () => (await opportunities(id, '?limit=50')).opportunities.map((o) => o.need.id);
    await listed();
    const line = { type: 'need', enterprise: 'ent-huajin', title: '毛巾洗后掉色', description: '毛巾水洗后掉色严重，想做耐水洗色牢度检测', externalId: 'outreach-need-late' };
    const imported = await server.call('POST', '/v1/import', JSON.stringify(line), { type: 'application/x-ndjson' });
    expect(imported.status).toBe(201);
    const late = (await server.call('GET', '/v1/needs?q=毛巾洗后掉色')).body.items[0].id as number;
    expect(await listed()).toContain(late);
    expect((await server.call('PATCH', `/v1/needs/${late}`, { status: 'closed' })).status).toBe(200);
    expect(await listed()).not.toContain(late);
  });

  it('is kept by the batch and counts against the same budget', async () => {
    const id = await register(colourTester('色牢度测试仪（批次）', { capacityPerMonth: 2, complex: undefined }));
    const before = await outreachOf(id);
    const started = await server.call('POST', '/v1/admin/batch-runs', {});
    expect(started.status).toBe(202);
    let run: { status: string } = started.body;
    for (let i = 0; i < 100 && run.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      run = (await server.call('GET', `/v1/admin/batch-runs/${started.body.id}`)).body;
    }
    expect(run.status).toBe('completed');
    const after = (await server.call('GET', '/v1/review/pairings?pageSize=100', undefined, op)).body.items as QueueItem[];
    const mine = after.filter((p) => p.resource.id === id);
    expect(mine.filter((p) => p.source === 'outreach').map((p) => p.id).sort()).toEqual(before.map((p) => p.id).sort());
    // Two a month with 20% slack is two places, whoever suggested them.
    expect(mine.length).toBeLessThanOrEqual(2);
  });
});
