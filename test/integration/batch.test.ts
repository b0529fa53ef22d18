// The nightly batch on the real PostgreSQL: capacity limits hold, re-running changes nothing, decisions stay.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run-batch.js';
import { pairings } from '../../src/db/schema.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createLogger } from '../../src/log.js';
import { importNdjson } from '../../src/services/import.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';

const log = createLogger('silent');
const line = (o: object) => JSON.stringify(o);

describe('nightly batch', () => {
  let engine: Engine;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const data = tempDataDir('batch');

  beforeAll(async () => {
    pg = await freshPostgres('batch');
    engine = await createEngine({ config: { dataDir: data.dir, databaseUrl: pg.url }, log });
    // Four salt-spray chambers of capacity 1-2 and eight enterprises that all want one.
    const file = [
      line({ type: 'enterprise', creditCode: '91350100M000100Y43', name: '诸暨市丹桂机械配件有限公司', region: 'zhuji', externalId: 'e1' }),
      ...[1, 2, 3, 4].map((i) => line({ type: 'resource', kind: 'equipment', name: `盐雾试验箱 ${'甲乙丙丁'[i - 1]}`, description: '中性盐雾试验，评价金属镀层、涂层耐腐蚀性能', industries: ['metal'], categories: ['testing'], region: 'zhuji', capacityPerMonth: i === 1 ? 2 : 1, externalId: `eq${i}` })),
      line({ type: 'resource', kind: 'expert', name: '陈志刚 教授', description: '金属腐蚀与防护、镀层失效分析', industries: ['metal'], categories: ['rnd'], region: 'yuecheng', capacityPerMonth: 3, externalId: 'ex1' }),
      ...Array.from({ length: 8 }, (_, i) => line({ type: 'need', enterprise: 'e1', title: `电机外壳生锈 ${i + 1}`, description: '出口的电机外壳放一段时间就生锈，想做个盐雾耐腐蚀测试', externalId: `n${i}` })),
    ].join('\n');
    await importNdjson({ ctx: engine.ctx, text: file });
  });

  afterAll(async () => {
    await engine?.close();
    await pg?.drop();
    data.remove();
  });

  const suggestedLoad = async () => {
    const rows = await engine.ctx.db.select({ resourceId: pairings.resourceId, n: sql<number>`count(*)::int` }).from(pairings).where(eq(pairings.status, 'suggested')).groupBy(pairings.resourceId);
    return new Map(rows.map((r) => [r.resourceId, r.n]));
  };

  it('keeps every resource within its capacity (plus slack) and reports what that cost', async () => {
    const { stats } = await runBatch({ db: engine.ctx.db, matcher: engine.matcher, log }, { trigger: 'manual', want: 3, slack: 0 });
    console.log(JSON.stringify(stats));
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
    await runBatch({ db: engine.ctx.db, matcher: engine.matcher, log }, { trigger: 'manual', want: 3, slack: 0 });
    const after = await engine.ctx.db.select().from(pairings).orderBy(pairings.needId, pairings.resourceId);
    expect(after.map((p) => [p.needId, p.resourceId, p.rank])).toEqual(before.map((p) => [p.needId, p.resourceId, p.rank]));
  });

  it('never suggests a rejected pairing again and keeps decisions', async () => {
    const [first] = await engine.ctx.db.select().from(pairings).orderBy(pairings.id).limit(1);
    await engine.ctx.db.update(pairings).set({ status: 'rejected' }).where(eq(pairings.id, first!.id));
    const [second] = await engine.ctx.db.select().from(pairings).where(eq(pairings.status, 'suggested')).orderBy(pairings.id).limit(1);
    await engine.ctx.db.update(pairings).set({ status: 'approved' }).where(eq(pairings.id, second!.id));
    await runBatch({ db: engine.ctx.db, matcher: engine.matcher, log }, { trigger: 'manual', want: 3, slack: 0 });
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
});
