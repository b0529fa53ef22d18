// The nightly batch on the real PostgreSQL (in-process mode): capacity limits hold (with and without slack),
// coverage comes first, re-running changes nothing, decisions stay, one run at a time, a run taken over elsewhere
// cannot complete, and the admin API shows progress. Every test starts from no pairings and no active run, so any
// one can run alone.
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import type { BatchRunOptions } from '../../src/batch/plan.js';
import { localDate } from '../../src/domain/deadline.js';
import { executeBatchRun } from '../../src/batch/run-batch.js';
import { batchRuns, pairingEvents, pairings } from '../../src/db/schema.js';
import type { Engine } from '../../src/engine.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { claimBatchRun, createBatchRun, endBatchRun, RUNNING_STALE_MS } from '../../src/repositories/batch-run.repository.js';
import { importNdjson } from '../../src/services/import.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const log = createLogger('silent');
const line = (o: object) => JSON.stringify(o);
/** Capacities of the four chambers and the expert, by name. */
const CAPACITY: Record<string, number> = { '盐雾试验箱 甲': 2, '盐雾试验箱 乙': 1, '盐雾试验箱 丙': 1, '盐雾试验箱 丁': 1, '陈志刚 教授': 3 };

describe('nightly batch', () => {
  let server: TestServer;
  let engine: Engine;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('batch');
  const nameOf = (id: number) => engine.index().profiles.get(id)!.name;

  beforeAll(async () => {
    pg = await freshPostgres('batch');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    engine = server.engine;
    // Four salt-spray chambers of capacity 1-2, an expert of capacity 3, and eight enterprises' needs that all want a chamber.
    const file = [
      line({ type: 'enterprise', creditCode: '91350100M000100Y43', name: '诸暨市丹桂机械配件有限公司', region: 'zhuji', externalId: 'e1' }),
      ...['甲', '乙', '丙', '丁'].map((x, i) => line({ type: 'resource', kind: 'equipment', name: `盐雾试验箱 ${x}`, description: '中性盐雾试验，评价金属镀层、涂层耐腐蚀性能', industries: ['metal'], categories: ['testing'], region: 'zhuji', capacityPerMonth: CAPACITY[`盐雾试验箱 ${x}`], externalId: `eq${i + 1}` })),
      line({ type: 'resource', kind: 'expert', name: '陈志刚 教授', description: '金属腐蚀与防护、镀层失效分析', industries: ['metal'], categories: ['rnd'], region: 'yuecheng', capacityPerMonth: 3, externalId: 'ex1' }),
      ...Array.from({ length: 8 }, (_, i) => line({ type: 'need', enterprise: 'e1', title: `电机外壳生锈 ${i + 1}`, description: '出口的电机外壳放一段时间就生锈，想做个盐雾耐腐蚀测试', externalId: `n${i}` })),
    ].join('\n');
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: file });
  });

  beforeEach(async () => {
    const db = engine.ctx.db;
    await db.delete(pairingEvents);
    await db.delete(pairings);
    await db.update(batchRuns).set({ status: 'abandoned', error: 'reset between tests' }).where(inArray(batchRuns.status, ['queued', 'running']));
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  const noSlack: BatchRunOptions = { want: 3, candidates: 20, slack: 0 };
  const runOnce = async (options: BatchRunOptions = noSlack) => {
    const run = await createBatchRun(engine.ctx.db, 'manual', { ...options });
    const outcome = await executeBatchRun({ db: engine.ctx.db, matcher: engine.matcher, log }, run.id);
    if (outcome.status !== 'completed') throw new Error('the run ended elsewhere');
    return { ...outcome, runId: run.id };
  };

  /** Suggested pairings per resource name, and per need. */
  const loads = async () => {
    const rows = await engine.ctx.db.select().from(pairings).where(eq(pairings.status, 'suggested'));
    const perResource = new Map<string, number>();
    const perNeed = new Map<number, number>();
    for (const p of rows) {
      perResource.set(nameOf(p.resourceId), (perResource.get(nameOf(p.resourceId)) ?? 0) + 1);
      perNeed.set(p.needId, (perNeed.get(p.needId) ?? 0) + 1);
    }
    return { perResource, perNeed, rows };
  };

  it('keeps every resource within its capacity without slack, and reports what that cost', async () => {
    const { stats } = await runOnce();
    expect(stats.needs).toBe(8);
    expect(stats.maxPerResourceBefore).toBe(8); // unconstrained, every need gets the same best chamber
    const { perResource, perNeed } = await loads();
    expect(perResource.size).toBeGreaterThan(1);
    for (const [name, n] of perResource) expect(n, name).toBeLessThanOrEqual(CAPACITY[name]!);
    // 8 units of capacity in all (2 + 1 + 1 + 1 + 3): coverage first, so eight needs get one suggestion each.
    expect([...perResource.values()].reduce((a, b) => a + b, 0)).toBe(8);
    expect(perNeed.size).toBe(8);
    expect(stats).toMatchObject({ needsWithSuggestions: 8, suggestions: 8, maxPerResourceAfter: 3 });
    expect(stats.giniAfter).toBeLessThan(stats.giniBefore);
    expect(stats.keptRatio).toBeLessThan(1);
  });

  it('lets slack stretch capacity to floor(capacity × (1 + slack)), no further', async () => {
    const { stats } = await runOnce({ want: 3, candidates: 20, slack: 0.5 });
    const { perResource } = await loads();
    // Capacity 2 → 3, capacity 1 → 1, capacity 3 → 4.
    for (const [name, n] of perResource) expect(n, name).toBeLessThanOrEqual(Math.floor(CAPACITY[name]! * 1.5));
    expect(perResource.get('盐雾试验箱 甲')).toBe(3);
    expect(perResource.get('陈志刚 教授')).toBe(4);
    expect(stats).toMatchObject({ slack: 0.5, suggestions: 10, needsWithSuggestions: 8 });
  });

  it('leaves out needs past their deadline (Shaoxing’s date), and takes one back when its deadline moves', async () => {
    const file = line({ type: 'need', enterprise: 'e1', title: '电机外壳生锈 过期', description: '出口的电机外壳生锈，想做盐雾耐腐蚀测试', deadline: '2020-06-30', externalId: 'late' });
    const [late] = (await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: file })).needIds;
    try {
      const { stats } = await runOnce();
      expect(stats.needs).toBe(8);
      expect((await loads()).perNeed.has(late!)).toBe(false);
      await server.call('PATCH', `/v1/needs/${late}`, { deadline: localDate() }); // today still counts
      expect((await runOnce()).stats.needs).toBe(9);
      expect((await loads()).perNeed.get(late!)).toBeGreaterThan(0);
    } finally {
      await engine.ctx.db.delete(pairings).where(eq(pairings.needId, late!));
      expect((await server.call('DELETE', `/v1/needs/${late}`)).status).toBe(204);
    }
  });

  it('is idempotent: a second run leaves the same pairings', async () => {
    await runOnce();
    const before = await engine.ctx.db.select().from(pairings).orderBy(pairings.needId, pairings.resourceId);
    expect(before.length).toBeGreaterThan(0);
    await runOnce();
    const after = await engine.ctx.db.select().from(pairings).orderBy(pairings.needId, pairings.resourceId);
    expect(after.map((p) => [p.needId, p.resourceId, p.rank, p.score])).toEqual(before.map((p) => [p.needId, p.resourceId, p.rank, p.score]));
  });

  it('never suggests a rejected pairing again, keeps decisions, and counts approvals against capacity', async () => {
    await runOnce();
    const db = engine.ctx.db;
    const first = (await loads()).rows[0]!;
    await db.update(pairings).set({ status: 'rejected' }).where(eq(pairings.id, first.id));
    // An approval on another resource, the one with the most capacity among those suggested.
    const second = (await loads()).rows.filter((p) => p.resourceId !== first.resourceId).sort((a, b) => CAPACITY[nameOf(b.resourceId)]! - CAPACITY[nameOf(a.resourceId)]!)[0]!;
    await db.update(pairings).set({ status: 'approved' }).where(eq(pairings.id, second.id));
    await runOnce();
    const rows = await db.select().from(pairings).where(eq(pairings.needId, first.needId));
    const again = rows.filter((r) => r.resourceId === first.resourceId);
    expect(again).toHaveLength(1);
    expect(again[0]!.status).toBe('rejected');
    expect((await db.select().from(pairings).where(eq(pairings.id, second.id)))[0]!.status).toBe('approved');
    // Suggestions plus approvals stay within capacity: the approved pairing's resource has one place fewer.
    const { perResource } = await loads();
    const approvedOn = nameOf(second.resourceId);
    expect((perResource.get(approvedOn) ?? 0) + 1).toBeLessThanOrEqual(CAPACITY[approvedOn]!);
    for (const [name, n] of perResource) expect(n, name).toBeLessThanOrEqual(CAPACITY[name]!);
  });

  it('runs one batch at a time, and a run whose process died is given up by the next start', async () => {
    const db = engine.ctx.db;
    const first = await createBatchRun(db, 'manual', { ...noSlack });
    await expect(createBatchRun(db, 'manual', { ...noSlack })).rejects.toThrow(AppError);
    await expect(createBatchRun(db, 'manual', { ...noSlack })).rejects.toThrow(new RegExp(`batch run ${first.id} is queued`));
    // Its executor claims it and then falls silent for longer than a heartbeat may lapse.
    await claimBatchRun(db, first.id);
    await db.update(batchRuns).set({ heartbeatAt: new Date(Date.now() - RUNNING_STALE_MS - 1000) }).where(eq(batchRuns.id, first.id));
    const second = await createBatchRun(db, 'manual', { ...noSlack });
    const [gone] = await db.select().from(batchRuns).where(eq(batchRuns.id, first.id));
    expect(gone).toMatchObject({ status: 'abandoned' });
    expect(gone!.error).toMatch(/no heartbeat/);
    expect((await executeBatchRun({ db, matcher: engine.matcher, log }, second.id)).status).toBe('completed');
  });

  it('lets a run be taken over: the old attempt can no longer finish it, the new one completes it once', async () => {
    const db = engine.ctx.db;
    const run = await createBatchRun(db, 'manual', { ...noSlack });
    const oldAttempt = (await claimBatchRun(db, run.id))!;
    const outcome = await executeBatchRun({ db, matcher: engine.matcher, log }, run.id); // the takeover (attempt 2)
    expect(outcome.status).toBe('completed');
    expect(await endBatchRun(db, oldAttempt, { status: 'failed', error: 'late' })).toBe(false);
    const [row] = await db.select().from(batchRuns).where(eq(batchRuns.id, run.id));
    expect(row).toMatchObject({ status: 'completed', attempt: 2, error: null });
    expect(await executeBatchRun({ db, matcher: engine.matcher, log }, run.id)).toEqual({ runId: run.id, status: 'already-ended' });
    // What it wrote is one run's answer: every suggestion carries this run, within capacity, one per need.
    const { perResource, perNeed, rows } = await loads();
    expect(rows.length).toBe(8);
    expect(rows.every((p) => p.batchRunId === run.id)).toBe(true);
    for (const [name, n] of perResource) expect(n, name).toBeLessThanOrEqual(CAPACITY[name]!);
    expect([...perNeed.values()].every((n) => n === 1)).toBe(true);
  });

  it('starts a run through the admin API and shows its progress and statistics', async () => {
    const bad = await server.call('POST', '/v1/admin/batch-runs', { slack: -1, want: 'many' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['slack', 'want']);
    expect((await server.call('GET', '/v1/admin/batch-runs/99999')).status).toBe(404);

    const started = await server.call('POST', '/v1/admin/batch-runs', { slack: 0, want: 3 });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/v1/admin/batch-runs/${started.body.id}`);
    expect(started.body).toMatchObject({ status: 'queued', trigger: 'manual', options: { slack: 0, want: 3, candidates: 20 } });
    const done = await eventually('the run to complete', async () => {
      const r = await server.call('GET', `/v1/admin/batch-runs/${started.body.id}`);
      return r.body.status === 'completed' ? r.body : undefined;
    });
    expect(done.progress).toEqual({ needsDone: 8, needsTotal: 8, fraction: 1 });
    expect(done.stats).toMatchObject({ needs: 8, slack: 0, maxPerResourceBefore: 8 });
    expect(done.stats.maxPerResourceAfter).toBeLessThanOrEqual(3);
    const list = await server.call('GET', '/v1/admin/batch-runs?limit=2');
    expect(list.body.items[0].id).toBe(started.body.id);
    expect(list.body.items.length).toBeLessThanOrEqual(2);
    expect((await server.call('GET', `/v1/admin/batch-runs/${started.body.id}`)).body.stats.needsWithSuggestions).toBe(8);
    const total = await engine.ctx.db.select({ n: sql<number>`count(*)::int` }).from(pairings);
    expect(total[0]!.n).toBe(8);
  });
});
