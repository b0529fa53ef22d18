// The batch in queue mode against the real PostgreSQL and a Redis of this test's own: workers install the nightly
// schedule, execute runs asked for through the API, and a run whose worker is killed half-way is taken over by
// another worker and completed once, within capacity, with every need's suggestions counted and operators'
// decisions kept. Each test asks for the runs it needs, so any one can run alone.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairings, resources } from '../../src/db/schema.js';
import { createLogger } from '../../src/log.js';
import { NIGHTLY_SCHEDULER, WEEKLY_RANKER_SCHEDULER } from '../../src/batch/batch-queue.js';
import { generateSeedCorpus } from '../../src/seed/corpus.js';
import { startWorker, type RunningWorker } from '../../src/worker/process.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startPrivateRedis, type PrivateRedis } from '../helpers/servers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { kill, spawnWorkerProcess } from '../helpers/processes.js';

const prefix = `b${process.pid}${Date.now().toString(36)}`;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** A slice of the demo corpus: 400 needs (enough for a batch to take a few seconds) and 250 resources. */
const corpus = generateSeedCorpus();
const needs = corpus.needs.slice(0, 400);
const openNeeds = needs.filter((n) => (n.status ?? 'open') === 'open').length;

function corpusFile(): string {
  const owners = [...new Set(needs.map((n) => n.enterpriseIndex))];
  return [
    ...owners.map((i) => ({ type: 'enterprise', ...corpus.enterprises[i]! })),
    ...corpus.resources.slice(0, 250).map((r) => ({ type: 'resource', ...r })),
    ...needs.map(({ enterpriseIndex, ...n }) => ({ type: 'need', ...n, enterprise: corpus.enterprises[enterpriseIndex]!.creditCode })),
  ]
    .map((o) => JSON.stringify(o))
    .join('\n');
}

describe('the batch on BullMQ workers', () => {
  let redis: PrivateRedis;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let api: TestServer;
  let worker: RunningWorker | undefined;
  const dirs = [tempDataDir('bq-api'), tempDataDir('bq-worker')];
  const workerConfig = () => ({
    databaseUrl: pg.url, redisUrl: redis.url, queuePrefix: prefix, jobLockMs: 2000, dataDir: dirs[1]!.dir,
    batch: { cron: '0 2 * * *', tz: 'Asia/Shanghai', slack: 0, want: 3 },
    ranker: { cron: '0 3 * * 1' },
  });

  beforeAll(async () => {
    redis = await startPrivateRedis();
    pg = await freshPostgres('batchqueue');
    api = await startTestServer({ dataDir: dirs[0]!.dir, databaseUrl: pg.url, redisUrl: redis.url, queuePrefix: prefix });
    worker = await startWorker({ config: workerConfig(), log });
    const imported = await api.call('POST', '/v1/import', corpusFile(), { type: 'application/x-ndjson' });
    expect(imported.status).toBe(201);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.close();
    await pg?.drop();
    for (const d of dirs) d.remove();
  });

  const runView = (id: number) => api.call('GET', `/v1/admin/batch-runs/${id}`).then((r) => r.body);
  const completed = (id: number) => eventually(`batch run ${id} to complete`, async () => {
    const run = await runView(id);
    if (run.status === 'failed') throw new Error(run.error);
    return run.status === 'completed' ? run : undefined;
  }, 120_000);

  /** What a completed run wrote: within capacity (slack 0), at most `want` per need, as many needs as it reports. */
  async function expectPairingsOf(run: { id: number; stats: { needsWithSuggestions: number; suggestions: number } }) {
    const db = api.engine.ctx.db;
    const perNeed = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(pairings)
      .where(and(eq(pairings.batchRunId, run.id), eq(pairings.status, 'suggested')))
      .groupBy(pairings.needId);
    expect(perNeed.length).toBe(run.stats.needsWithSuggestions);
    expect(perNeed.reduce((s, r) => s + r.n, 0)).toBe(run.stats.suggestions);
    for (const { n } of perNeed) expect(n).toBeLessThanOrEqual(3);
    const load = await db
      .select({ n: sql<number>`count(*)::int`, capacity: resources.capacityPerMonth })
      .from(pairings)
      .innerJoin(resources, eq(resources.id, pairings.resourceId))
      .where(inArray(pairings.status, ['suggested', 'approved', 'contacted'])) // what occupies a resource
      .groupBy(pairings.resourceId, resources.capacityPerMonth);
    expect(load.length).toBeGreaterThan(0);
    for (const { n, capacity } of load) expect(n).toBeLessThanOrEqual(capacity);
  }

  it('installs the nightly batch at 02:00 Asia/Shanghai and the weekly retraining', async () => {
    const scheduler = await api.engine.queues!.batch.getJobScheduler(NIGHTLY_SCHEDULER);
    expect(scheduler).toMatchObject({ pattern: '0 2 * * *', tz: 'Asia/Shanghai' });
    const next = new Date(scheduler!.next!);
    const shanghai = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next);
    expect(shanghai).toBe('02:00');
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    const weekly = await api.engine.queues!.batch.getJobScheduler(WEEKLY_RANKER_SCHEDULER);
    expect(weekly).toMatchObject({ pattern: '0 3 * * 1', tz: 'Asia/Shanghai' });
  });

  it('runs a batch asked for through the API on a worker', async () => {
    const started = await api.call('POST', '/v1/admin/batch-runs', { slack: 0, want: 3 });
    expect(started.status).toBe(202);
    const run = await completed(started.body.id);
    expect(run).toMatchObject({ attempt: 1, progress: { needsDone: openNeeds, needsTotal: openNeeds, fraction: 1 } });
    expect(run.stats.needsWithSuggestions).toBeGreaterThan(openNeeds * 0.95);
    expect(run.stats.maxPerResourceAfter).toBeLessThanOrEqual(run.stats.maxPerResourceBefore);
    await expectPairingsOf(run);
  });

  it('takes over a run whose worker was killed half-way and completes it once, keeping decisions', async () => {
    // Decisions from an earlier run, which the taken-over run must keep.
    const earlier = await api.call('POST', '/v1/admin/batch-runs', { slack: 0, want: 3 });
    await completed(earlier.body.id);
    const suggested = (await api.call('GET', `/v1/review/pairings?batchRunId=${earlier.body.id}&pageSize=2`)).body.items as Array<{ id: number; need: { id: number }; resource: { id: number } }>;
    expect(suggested).toHaveLength(2);
    const [approved, rejected] = suggested as [(typeof suggested)[0], (typeof suggested)[0]];
    expect((await api.call('POST', `/v1/review/pairings/${approved.id}/decisions`, { status: 'approved' })).status).toBe(200);
    expect((await api.call('POST', `/v1/review/pairings/${rejected.id}/decisions`, { status: 'rejected', reason: 'not_relevant' })).status).toBe(200);

    await worker!.close();
    worker = undefined;
    const child = spawnWorkerProcess({ DATABASE_URL: pg.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, JOB_LOCK_MS: '2000', BATCH_CRON: 'off', RANKER_CRON: 'off', DATA_DIR: dirs[1]!.dir });
    const started = await api.call('POST', '/v1/admin/batch-runs', { slack: 0, want: 3 });
    await eventually('the child worker to be matching', async () => {
      const run = await runView(started.body.id);
      return run.status === 'running' && run.phase === 'matching' ? true : undefined;
    }, 60_000, 25);
    await kill(child);
    expect((await runView(started.body.id)).status).toBe('running'); // nothing finished it

    worker = await startWorker({ config: workerConfig(), log });
    const run = await completed(started.body.id);
    expect(run.attempt).toBe(2);
    expect(run.progress.needsDone).toBe(openNeeds);
    await expectPairingsOf(run);
    const byId = async (id: number) => (await api.call('GET', `/v1/review/pairings/${id}`)).body;
    expect(await byId(approved.id)).toMatchObject({ status: 'approved' });
    expect(await byId(rejected.id)).toMatchObject({ status: 'rejected', reason: 'not_relevant' });
    const again = await api.engine.ctx.db.select().from(pairings).where(and(eq(pairings.needId, rejected.need.id), eq(pairings.resourceId, rejected.resource.id)));
    expect(again.map((p) => p.status)).toEqual(['rejected']);
    const jobs = await api.call('GET', '/v1/admin/jobs');
    expect(jobs.body.failed).toEqual([]);
  });
});
