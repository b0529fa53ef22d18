// The complexes' performance (GET /v1/review/performance and its CSV) on both databases: needs counted for the
// complex of their industry in the Shanghai month they were registered (two needs registered an hour apart around
// midnight in Shanghai fall in different months), decisions in the month they were made, rejections by reason,
// the median time to a first decision, the voucher share and the instruments' and experts' utilisation.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../../src/db/schema.js';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Figures {
  month: string;
  needsRegistered: number;
  needsWithSuggestions: number;
  approved: number;
  contacted: number;
  completed: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  medianHoursToFirstDecision: number | null;
  servedNeeds: number;
  servedByVoucherEligible: number;
  voucherShare: number | null;
  utilisation: Record<'equipment' | 'expert', { used: number; capacity: number; rate: number | null }>;
}
interface Performance {
  months: string[];
  rows: Array<Figures & { complex: string | null; complexName: string }>;
  totals: Figures[];
}

for (const database of ['postgres', 'pglite'] as const) {
  describe(`complex performance (${database})`, () => {
    let server: TestServer;
    let pg: Awaited<ReturnType<typeof freshPostgres>> | undefined;
    const data = tempDataDir(`performance-${database}`);
    const op = { as: 'operator' as const };
    const RANGE = 'from=2026-10&to=2026-12';
    let decidedAt: number;
    const figures = async (query: string) => {
      const r = await server.call('GET', `/v1/review/performance?${query}`, undefined, op);
      expect(r.status).toBe(200);
      return r.body as Performance;
    };

    beforeAll(async () => {
      pg = database === 'postgres' ? await freshPostgres('performance') : undefined;
      server = await startTestServer({ dataDir: data.dir, databaseUrl: pg?.url });
      const post = async (path: string, body: object) => {
        const r = await server.call('POST', path, body);
        expect(r.status).toBe(201);
        return r.body.id as number;
      };
      const r1 = await post('/v1/resources', { kind: 'equipment', name: '色牢度测试仪', description: '纺织品耐水洗、耐摩擦色牢度检测', industries: ['textile'], categories: ['testing'], region: 'keqiao', complex: 'textile', capacityPerMonth: 10, voucherEligible: true });
      const r2 = await post('/v1/resources', { kind: 'expert', name: '纺织工艺专家', description: '针织工艺与缩水整理', industries: ['textile'], categories: ['rnd'], region: 'keqiao', complex: 'textile', capacityPerMonth: 4 });
      const r3 = await post('/v1/resources', { kind: 'expert', name: '金属防腐专家', description: '金属镀层防腐蚀与盐雾测试', industries: ['metal'], categories: ['rnd'], region: 'zhuji', complex: 'metal', capacityPerMonth: 2 });
      const textile = await post('/v1/enterprises', { creditCode: makeCreditCode('91', '330621', 'MA2PERF01'), name: '柯桥绩效针织有限公司', region: 'keqiao', industry: 'textile' });
      const metal = await post('/v1/enterprises', { creditCode: makeCreditCode('91', '330681', 'MA2PERF02'), name: '诸暨绩效五金有限公司', region: 'zhuji', industry: 'metal' });
      const need = (enterpriseId: number, title: string, industry: string) => post('/v1/needs', { enterpriseId, title, description: `${title}，想找人解决`, industry });
      const n = [
        await need(textile, '棉布掉色', 'textile'),
        await need(textile, 'T恤褪色', 'textile'),
        await need(textile, '针织衫缩水', 'textile'),
        await need(textile, '面料起球', 'textile'),
        await need(metal, '五金件生锈', 'metal'),
      ];
      for (const id of n) expect((await server.call('POST', `/v1/needs/${id}/suggestions`, { limit: 3 })).status).toBe(201);
      const pairing = async (needId: number, resourceId: number) =>
        ((await server.call('GET', `/v1/review/needs/${needId}`, undefined, op)).body.pairings as Array<{ id: number; resource: { id: number } }>).find((p) => p.resource.id === resourceId)!.id;
      const decide = async (needId: number, resourceId: number, ...steps: Array<{ status: string; reason?: string }>) => {
        const id = await pairing(needId, resourceId);
        for (const step of steps) expect((await server.call('POST', `/v1/review/pairings/${id}/decisions`, step, op)).status).toBe(200);
      };
      // Registered an hour apart, around midnight in Shanghai: 2026-11-01 01:30 and 2026-10-31 23:30 there.
      const db = server.engine.database.db;
      await db.update(needs).set({ createdAt: new Date('2026-10-31T17:30:00Z') }).where(eq(needs.id, n[0]!));
      await db.update(needs).set({ createdAt: new Date('2026-10-31T15:30:00Z') }).where(eq(needs.id, n[1]!));
      decidedAt = Date.now();
      await decide(n[0]!, r1, { status: 'approved' });
      await decide(n[1]!, r1, { status: 'approved' }, { status: 'contacted' });
      await decide(n[2]!, r2, { status: 'approved' }, { status: 'completed' });
      await decide(n[3]!, r1, { status: 'rejected', reason: 'not_relevant' });
      await decide(n[4]!, r3, { status: 'rejected', reason: 'too_far' });
    });

    afterAll(async () => {
      await server?.close();
      await pg?.drop();
      data.remove();
    });

    it('counts a need in the Shanghai month it was registered, for the complex of its industry', async () => {
      const p = await figures(`${RANGE}&complex=textile`);
      expect(p.months).toEqual(['2026-10', '2026-11', '2026-12']);
      expect(p.rows.map((r) => [r.month, r.complex, r.needsRegistered, r.needsWithSuggestions])).toEqual([
        ['2026-10', 'textile', 1, 1],
        ['2026-11', 'textile', 1, 1],
        ['2026-12', 'textile', 2, 2],
      ]);
      expect(p.rows[0]!.complexName).toBe('柯桥现代纺织产业创新服务综合体');
      const all = await figures(RANGE);
      expect(all.totals.map((t) => t.needsRegistered)).toEqual([1, 1, 3]);
      expect(all.rows.find((r) => r.month === '2026-12' && r.complex === 'metal')!.needsRegistered).toBe(1);
    });

    it('counts decisions in the month they were made, rejections by reason', async () => {
      const dec = (await figures(`${RANGE}&complex=textile`)).rows.find((r) => r.month === '2026-12')!;
      expect(dec).toMatchObject({ approved: 3, contacted: 1, completed: 1, rejected: 1 });
      expect(dec.rejectedByReason).toMatchObject({ not_relevant: 1, too_far: 0 });
      const metal = (await figures(`${RANGE}&complex=metal`)).rows.find((r) => r.month === '2026-12')!;
      expect(metal.rejectedByReason).toMatchObject({ not_relevant: 0, too_far: 1 });
      const total = (await figures(RANGE)).totals.find((t) => t.month === '2026-12')!;
      expect(total).toMatchObject({ approved: 3, contacted: 1, completed: 1, rejected: 2 });
    });

    it('gives the median time to a first decision and the share served by voucher-eligible providers', async () => {
      const [oct, , dec] = (await figures(`${RANGE}&complex=textile`)).rows;
      const hours = (decidedAt - Date.parse('2026-10-31T15:30:00Z')) / 3_600_000;
      expect(oct!.medianHoursToFirstDecision).toBeGreaterThan(hours - 0.2);
      expect(oct!.medianHoursToFirstDecision).toBeLessThan(hours + 0.2);
      // October's need was served by the voucher-eligible tester, December's by the expert who is not.
      expect(oct).toMatchObject({ servedNeeds: 1, servedByVoucherEligible: 1, voucherShare: 1 });
      expect(dec).toMatchObject({ servedNeeds: 1, servedByVoucherEligible: 0, voucherShare: 0 });
      expect(dec!.medianHoursToFirstDecision).toBeLessThan(1);
    });

    it('measures the instruments’ and experts’ use against their monthly capacity', async () => {
      const dec = (await figures(`${RANGE}&complex=textile`)).rows.find((r) => r.month === '2026-12')!;
      // The tester: two pairings approved (one then contacted) of 10 a month; the expert: one of 4.
      expect(dec.utilisation.equipment).toEqual({ used: 2, capacity: 10, rate: 0.2 });
      expect(dec.utilisation.expert).toEqual({ used: 1, capacity: 4, rate: 0.25 });
      const oct = (await figures(`${RANGE}&complex=textile`)).rows[0]!;
      expect(oct.utilisation.equipment).toEqual({ used: 0, capacity: 10, rate: 0 });
      const metal = (await figures(`${RANGE}&complex=metal`)).rows.find((r) => r.month === '2026-12')!;
      expect(metal.utilisation.expert).toEqual({ used: 0, capacity: 2, rate: 0 });
    });

    it('exports the same rows as CSV with a BOM and Chinese headers', async () => {
      const res = await fetch(`${server.url}/v1/review/performance.csv?${RANGE}&complex=textile`, { headers: { authorization: `Bearer ${server.keys.operator}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?performance\.csv"?$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(bytes.slice(3)).trim().split(/\r?\n/);
      expect(lines).toHaveLength(4);
      const header = lines[0]!.split(',');
      expect(header.slice(0, 4)).toEqual(['月份', '综合体', '行业代码', '登记需求数']);
      const dec = Object.fromEntries(header.map((h, i) => [h, lines[3]!.split(',')[i]]));
      expect(dec).toMatchObject({ 月份: '2026-12', 行业代码: 'textile', 登记需求数: '2', 通过: '3', '驳回：不相关': '1', 仪器设备利用率: '0.2' });
    });

    it('keeps what both a complex and an industry name, and refuses bad ranges field by field', async () => {
      expect((await figures(`${RANGE}&complex=textile&industry=metal`)).rows).toEqual([]);
      expect((await figures(`${RANGE}&complex=textile&industry=textile`)).rows).toHaveLength(3);
      const bad = async (query: string, path: string) => {
        const r = await server.call('GET', `/v1/review/performance?${query}`, undefined, op);
        expect(r.status).toBe(400);
        expect(r.body.error.fields[0].path).toBe(path);
      };
      await bad('from=2026-13', 'query.from');
      await bad('from=2026-12&to=2026-10', 'query.from');
      await bad('from=2020-01&to=2026-12', 'query.from');
      await bad('complex=moon', 'query.complex');
      await bad('month=2026-10', 'query');
      expect((await server.call('GET', '/v1/review/performance', undefined, { as: 'portal' })).status).toBe(403);
      // Without a range: the twelve months up to this one.
      expect((await figures('')).months).toHaveLength(12);
    });
  });
}
