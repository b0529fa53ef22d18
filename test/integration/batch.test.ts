// The nightly batch on the real PostgreSQL (in-process mode): capacity limits hold, re-running changes nothing,
// decisions stay, one run at a time, a run taken over elsewhere cannot complete, and the admin API shows progress.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import { executeBatchRun, type BatchRunOptions } from '../../src/batch/run-batch.js';
import { batchRuns, pairings } from '../../src/db/schema.js';
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

describe('nightly batch', () => {
  let server: TestServer;
  let engine: Engine;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('batch');

  beforeAll(async () => {
    pg = await freshPostgres('batch');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    engine = server.engine;
    // Four salt-spray chambers of capacity 1-2 and eight enterprises that all want one.
    const file = [
      line({ type: 'enterprise', creditCode: '91350100M000100Y43', name: '诸暨市丹桂机械配件有限公司', region: 'zhuji', externalId: 'e1' }),
      ...[1, 2, 3, 4].map((i) => line({ type: 'resource', kind: 'equipment', name: `盐雾试验箱 ${'甲乙丙丁'[i - 1]}`, description: '中性盐雾试验，评价金属镀层、涂层耐腐蚀性能', industries: ['metal'], categories: ['testing'], region: 'zhuji', capacityPerMonth: i === 1 ? 2 : 1, externalId: `eq${i}` })),
      line({ type: 'resource', kind: 'expert', name: '陈志刚 教授', description: '金属腐蚀与防护、镀层失效分析', industries: ['metal'], categories: ['rnd'], region: 'yuecheng', capacityPerMonth: 3, externalId: 'ex1' }),
      ...Array.from({ length: 8 }, (_, i) => line({ type: 'need', enterprise: 'e1', title: `电机外壳生锈 ${i + 1}`, description: '出口的电机外壳放一段时间就生锈，想做个盐雾耐腐蚀测试', externalId: `n${i}` })),
    ].join('\n');
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, text: file });
  });

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  const options: BatchRunOptions = { want: 3, candidates: 20, slack: 0 };
  const runOnce = async () => {
    const run = await createBatchRun(engine.ctx.db, 'manual', { ...options });
    const outcome = await executeBatchRun({ db: engine.ctx.db, matcher: engine.matcher, log }, run.id);
    if (outcome.status !== 'completed') throw new Error('the run ended elsewhere');
    return outcome;
  };

  const suggestedLoad = async () => {
    const rows = await engine.ctx.db.select({ resourceId: pairings.resourceId, n: sql<number>`count(*)::int` }).from(pairings).where(eq(pairings.status, 'suggested')).groupBy(pairings.resourceId);
    return new Map(rows.map((r) => [r.resourceId, r.n]));
  };

  it('keeps every resource within its capacity (plus slack) and reports what that cost', async () => {
    const { stats } = await runOnce();
    expect(stats.needs).toBe(8);
    expect(stats.maxPerResourceBefore).toBe(8); // unconstrained, every need gets the same best chamber
    const profiles = engine.index().profiles;
    for (const [resourceId, n] of await suggestedLoad()) expect(n).toBeLessThanOrEqual(profiles.get(resourceId)!.capacityPerMonth);
    expect(stats.maxPerResourceAfter).toBeLessThanOrEqual(3);
    expect(stats.giniAfter).toBeLessThan(stats.giniBefore);
    expect(stats.keptRatio).toBeLessThan(1);
    expect(stats.needsWithSuggestions).toBe(8);
  });

  it('is idempotent: a second run leaves the same pairings and no duplicates', async () => {
    const before = await engine.ctx.db.select().from(pairings).orderBy(pairings.needId, pairings.resourceId);
    await runOnce();
    const after = await engine.ctx.db.select().from(pairings).orderBy(pairings.needId, pairings.resourceId);
    expect(after.map((p) => [p.needId, p.resourceId, p.rank])).toEqual(before.map((p) => [p.needId, p.resourceId, p.rank]));
  });

  it('never suggests a rejected pairing again and keeps decisions', async () => {
    const [first] = await engine.ctx.db.select().from(pairings).orderBy(pairings.id).limit(1);
    await engine.ctx.db.update(pairings).set({ status: 'rejected' }).where(eq(pairings.id, first!.id));
    const [second] = await engine.ctx.db.select().from(pairings).where(eq(pairings.status, 'suggested')).orderBy(pairings.id).limit(1);
    await engine.ctx.db.update(pairings).set({ status: 'approved' }).where(eq(pairings.id, second!.id));
    await runOnce();
    const rows = await engine.ctx.db.select().from(pairings).where(eq(pairings.needId, first!.needId));
    const again = rows.filter((r) => r.resourceId === first!.resourceId);
    expect(again).toHaveLength(1);
    expect(again[0]!.status).toBe('rejected');
    const kept = await engine.ctx.db.select().from(pairings).where(eq(pairings.id, second!.id));
    expect(kept[0]!.status).toBe('approved');
    // The approved pairing uses up capacity: suggestions plus approvals stay within it.
    const load = await suggestedLoad();
    load.set(second!.resourceId, (load.get(second!.resourceId) ?? 0) + 1);
    for (const [resourceId, n] of load) expect(n).toBeLessThanOrEqual(engine.index().profiles.get(resourceId)!.capacityPerMonth);
  });

  it('runs one batch at a time, and a run whose process died is given up by the next start', async () => {
    const db = engine.ctx.db;
    const first = await createBatchRun(db, 'manual', { ...options });
    await expect(createBatchRun(db, 'manual', { ...options })).rejects.toThrow(AppError);
    await expect(createBatchRun(db, 'manual', { ...options })).rejects.toThrow(new RegExp(`batch run ${first.id} is queued`));
    // Its executor claims it and then falls silent for longer than a heartbeat may lapse.
    await claimBatchRun(db, first.id);
    await db.update(batchRuns).set({ heartbeatAt: new Date(Date.now() - RUNNING_STALE_MS - 1000) }).where(eq(batchRuns.id, first.id));
    const second = await createBatchRun(db, 'manual', { ...options });
    const [gone] = await db.select().from(batchRuns).where(eq(batchRuns.id, first.id));
    expect(gone).toMatchObject({ status: 'abandoned' });
    expect(gone!.error).toMatch(/no heartbeat/);
    await executeBatchRun({ db, matcher: engine.matcher, log }, second.id);
  });

  it('lets a run be taken over: the old attempt can no longer finish it, the new one completes it once', async () => {
    const db = engine.ctx.db;
    const run = await createBatchRun(db, 'manual', { ...options });
    const oldAttempt = (await claimBatchRun(db, run.id))!;
    const outcome = await executeBatchRun({ db, matcher: engine.matcher, log }, run.id); // the takeover (attempt 2)
    expect(outcome.status).toBe('completed');
    expect(await endBatchRun(db, oldAttempt, { status: 'failed', error: 'late' })).toBe(false);
    const [row] = await db.select().from(batchRuns).where(eq(batchRuns.id, run.id));
    expect(row).toMatchObject({ status: 'completed', attempt: 2, error: null });
    expect(await executeBatchRun({ db, matcher: engine.matcher, log }, run.id)).toEqual({ runId: run.id, status: 'already-ended' });
    const dupes = await db.select({ n: sql<number>`count(*)::int` }).from(pairings).groupBy(pairings.needId, pairings.resourceId).having(sql`count(*) > 1`);
    expect(dupes).toEqual([]);
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
    expect(list.body.items).toHaveLength(2);
  });
});
