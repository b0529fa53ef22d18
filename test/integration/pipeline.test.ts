// Queue mode against the real PostgreSQL and a Redis server of this test's own (so it can be stopped):
// registrations reach a second API process through the outbox, BullMQ workers and the announcement stream;
// nothing is lost while Redis is down; a worker killed mid-job leaves its job to be retried by another. Each test
// registers records of its own and leaves a worker running, so any one can run alone.
import { QueueEvents } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needEmbeddings, resourceEmbeddings } from '../../src/db/schema.js';
import { makeCreditCode } from '../../src/domain/credit-code.js';
import { createLogger } from '../../src/log.js';
import { INDEX_QUEUE } from '../../src/indexing/index-queue.js';
import { startWorker, type RunningWorker } from '../../src/worker/process.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { countingEmbedder, type CountingEmbedder } from '../../src/embedding/counting-embedder.js';
import { eventually } from '../helpers/eventually.js';
import { groupAlive, kill, spawnNpm, spawnWorkerProcess, stop } from '../helpers/processes.js';
import { startPrivateRedis, type PrivateRedis } from '../helpers/servers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const prefix = `t${process.pid}${Date.now().toString(36)}`;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

const resource = (name: string, description: string, industries: string[] = ['pearl']) => ({
  kind: 'expert', name, description, industries, categories: ['rnd'], region: 'zhuji',
});

describe('indexing through BullMQ with two API processes', () => {
  let redis: PrivateRedis;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let a: TestServer;
  let b: TestServer;
  let worker: RunningWorker | undefined;
  let embedder: CountingEmbedder;
  let events: QueueEvents;
  let eventsConnection: Redis | undefined;
  const dirs = [tempDataDir('pipe-a'), tempDataDir('pipe-b'), tempDataDir('pipe-worker'), tempDataDir('pipe-c')];
  const config = () => ({ databaseUrl: pg.url, redisUrl: redis.url, queuePrefix: prefix });
  const startInProcessWorker = () => startWorker({ config: { ...config(), jobLockMs: 2000, dataDir: dirs[2]!.dir }, log, embedder });
  /** Ids of the indexing jobs BullMQ reported finished or stalled, in order. */
  const finished: string[] = [];
  const stalled: string[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    pg = await freshPostgres('pipeline');
    embedder = await countingEmbedder();
    eventsConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
    eventsConnection.on('error', () => {}); // Redis is stopped on purpose below
    events = new QueueEvents(INDEX_QUEUE, { connection: eventsConnection, prefix });
    events.on('completed', ({ jobId }) => finished.push(jobId));
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    events.on('error', () => {});
    await events.waitUntilReady();
    a = await startTestServer({ dataDir: dirs[0]!.dir, ...config() });
    b = await startTestServer({ dataDir: dirs[1]!.dir, ...config() });
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await events?.close();
    eventsConnection?.disconnect(); // BullMQ leaves a connection it was given open
    await a?.close();
    await b?.close();
    await redis?.close();
    await pg?.drop();
    for (const d of dirs) d.remove();
  });

  // An empty index answers not_ready: that counts as "not there yet".
  const topOn = async (server: TestServer, text: string) =>
    server.engine.index().size === 0 ? undefined : (await server.engine.matcher.match({ text, wantsVoucher: false, filters: {}, limit: 1 })).matches[0]?.profile.id;
  const jobsOf = (id: number) => finished.filter((j) => j.startsWith(`resource-${id}-`));

  it('a registration on one process becomes matchable on the other', async () => {
    const created = await a.call('POST', '/v1/resources', resource('陈珠明 高级工程师', '淡水珍珠养殖与珍珠层增厚、珍珠光泽提升技术'));
    expect(created.status).toBe(201);
    const text = '珍珠层太薄光泽差，想找养殖专家';
    // Each process applies the worker's announcement on its own, in its own time.
    for (const server of [b, a]) await eventually('both processes to match the new resource', async () => ((await topOn(server, text)) === created.body.id ? true : undefined));
    const health = await b.call('GET', '/healthz');
    expect(health.body).toMatchObject({ mode: 'queue', pipeline: { redis: 'up', follower: { connected: true } } });
    expect((await b.call('GET', '/readyz')).status).toBe(200);
  });

  it('an update and a delete reach both processes; each change is one job, and only a changed text is embedded', async () => {
    const created = await a.call('POST', '/v1/resources', resource('黄酒勾调师 孙宏', '黄酒勾兑调味与感官品评', ['huangjiu']));
    const id = created.body.id as number;
    await eventually('B to hold it', async () => (b.engine.index().profiles.has(id) ? true : undefined));
    const embeddedAtStart = embedder.counts.passages;
    await eventually('its job to be reported finished', async () => (jobsOf(id).length === 1 ? true : undefined));

    // Availability is not part of the text: the index follows, the model is not asked again.
    await a.call('PATCH', `/v1/resources/${id}`, { availability: 'unavailable' });
    await eventually('B to see it unavailable', async () => (b.engine.index().profiles.get(id)?.availability === 'unavailable' ? true : undefined));
    expect(embedder.counts.passages).toBe(embeddedAtStart);

    // A new description is embedded exactly once, however many dispatchers saw the outbox record.
    await a.call('PATCH', `/v1/resources/${id}`, { description: '黄酒勾兑调味、感官品评与陈酿年份鉴别' });
    await eventually('B to index the new text', async () => (b.engine.index().keys.get(id) === a.engine.index().keys.get(id) && embedder.counts.passages > embeddedAtStart ? true : undefined));
    expect(embedder.counts.passages).toBe(embeddedAtStart + 1);

    expect((await a.call('DELETE', `/v1/resources/${id}`)).status).toBe(204);
    await eventually('B to drop it', async () => (b.engine.index().profiles.has(id) ? undefined : true));
    expect(b.engine.index().dense.has(id)).toBe(false);
    expect(a.engine.index().dense.has(id)).toBe(false);
    await eventually('four jobs: create, availability, text, delete', async () => (jobsOf(id).length === 4 ? true : undefined));
    // Each job ran once: four distinct ids, no repeat.
    expect(new Set(jobsOf(id)).size).toBe(4);
    expect(embedder.counts.passages).toBe(embeddedAtStart + 1);
  });

  it('loses nothing while Redis is down, and catches up when it returns empty', async () => {
    await redis.down();
    const ids: number[] = [];
    try {
      for (const [name, desc] of [
        ['珍珠漂白工艺 王工', '珍珠漂白、增白与抛光工艺'],
        ['珍珠分级检测 李工', '珍珠光泽、颜色、形状分级检测'],
        ['珍珠首饰设计 赵老师', '珍珠首饰款式设计与品牌包装'],
      ] as const) {
        const r = await a.call('POST', '/v1/resources', resource(name, desc));
        expect(r.status).toBe(201); // the API answers as usual
        ids.push(r.body.id);
      }
      const down = await a.call('GET', '/healthz');
      expect(down.body.pipeline.redis).toBe('down');
      expect(down.body.outbox.pending).toBeGreaterThanOrEqual(3);
      expect((await a.call('GET', '/readyz')).status).toBe(503);
    } finally {
      await redis.up(); // a restarted Redis keeps nothing: the stream and any queued job are gone
    }
    await eventually('both processes to hold the three resources', async () =>
      ids.every((id) => a.engine.index().dense.has(id) && b.engine.index().dense.has(id)) ? true : undefined,
    );
    // A worker may finish a job before the dispatcher's transaction that sent it commits: the record then counts
    // as pending for a moment longer.
    await eventually('the outbox to be empty', async () => ((await a.call('GET', '/healthz')).body.outbox.pending === 0 ? true : undefined));
  });

  it('sends again at once the jobs a Redis that came back empty lost, rather than after the redelivery delay', async () => {
    // No worker: the records are dispatched into the queue and wait there, then Redis restarts with nothing.
    await worker!.close();
    worker = undefined;
    const ids: number[] = [];
    for (const [name, desc] of [['珍珠养殖 钱工', '淡水珍珠育珠蚌养殖'], ['珍珠贝壳工艺 孙工', '贝壳粉与珍珠层粉加工']] as const) {
      ids.push((await a.call('POST', '/v1/resources', resource(name, desc))).body.id);
    }
    await eventually('the records to be dispatched', async () => ((await a.call('GET', '/healthz')).body.outbox.pending === 0 ? true : undefined));
    await redis.down();
    await redis.up();
    worker = await startInProcessWorker();
    // The redelivery of records whose jobs never finished waits 60 s; a restart found by its run_id does not.
    await eventually('both processes to hold the resources', async () => (ids.every((id) => a.engine.index().dense.has(id) && b.engine.index().dense.has(id)) ? true : undefined), 20_000);
  });

  it('runs a single registration’s job before the queued jobs of a bulk import', async () => {
    // No worker while both are dispatched: 30 imported resources, then one registered on its own.
    await worker!.close();
    worker = undefined;
    const before = finished.length;
    let single: number;
    try {
      const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ type: 'resource', ...resource(`批量珍珠专家${i}`, `珍珠分级与检测第${i}项`), externalId: `bulk-${i}` }));
      expect((await a.call('POST', '/v1/import', lines.join('\n'), { type: 'application/x-ndjson' })).status).toBe(201);
      single = (await a.call('POST', '/v1/resources', resource('单独登记 珍珠加工专家', '珍珠漂白与染色工艺'))).body.id as number;
      await eventually('the records to be dispatched', async () => ((await a.call('GET', '/healthz')).body.outbox.pending === 0 ? true : undefined));
    } finally {
      worker = await startInProcessWorker();
    }
    const bulk = ((await a.call('GET', `/v1/resources?pageSize=100&q=${encodeURIComponent('批量珍珠专家')}`)).body.items as Array<{ id: number }>).map((r) => r.id);
    expect(bulk).toHaveLength(30);
    // Jobs other tests left (a record sent again, say) may run too; what counts is the single one's place.
    const position = (id: number) => finished.slice(before).findIndex((j) => j.startsWith(`resource-${id}-`));
    await eventually('the import to be indexed', async () => ([single, ...bulk].every((id) => position(id) >= 0) ? true : undefined), 60_000);
    expect(Math.min(...bulk.map(position))).toBeGreaterThan(position(single));
  });

  it('matches a need by id on the other process as it is now, once it was changed or deleted on one', async () => {
    const enterprise = await a.call('POST', '/v1/enterprises', { creditCode: '91330621MA2BCD12XQ', name: '绍兴柯桥华锦针织有限公司', region: 'keqiao', industry: 'textile' });
    expect(enterprise.status).toBe(201);
    const need = await a.call('POST', '/v1/needs', { enterpriseId: enterprise.body.id, title: '针织面料缩水', description: '羊毛针织衫洗后缩水严重' });
    expect(need.status).toBe(201);
    const id = need.body.id as number;
    const matchedOn = (server: TestServer) => server.call('GET', `/v1/needs/${id}/matches?limit=1`);
    expect((await matchedOn(b)).body.need.text).toContain('洗后缩水'); // B holds the row now
    await a.call('PATCH', `/v1/needs/${id}`, { description: '针织衫起球，想做耐磨与起毛起球测试' });
    // Well within the rows' 30 s age limit: the workers' announcement told B.
    await eventually('B to match the new text', async () => ((await matchedOn(b)).body.need.text.includes('起毛起球') ? true : undefined), 10_000);
    expect((await a.call('DELETE', `/v1/needs/${id}`)).status).toBe(204);
    expect((await matchedOn(a)).status).toBe(404); // the writer at once
    await eventually('B to stop matching it', async () => ((await matchedOn(b)).status === 404 ? true : undefined), 10_000);
  });

  it('a worker suggests a newly registered resource to the open needs it serves, and every process lists its opportunities', async () => {
    const enterprise = await a.call('POST', '/v1/enterprises', { creditCode: makeCreditCode('91', '330681', 'MA2PEARL1'), name: '诸暨山下湖珍珠饰品有限公司', region: 'zhuji', industry: 'pearl' });
    expect(enterprise.status).toBe(201);
    const need = await a.call('POST', '/v1/needs', { enterpriseId: enterprise.body.id, title: '珍珠漂白后发黄', description: '淡水珍珠漂白增白处理后放一段时间又发黄，想找专家改进漂白工艺' });
    const needId = need.body.id as number;
    // The need is embedded by a worker first: only then can outreach compare it.
    await eventually('the need to be embedded', async () => ((await a.engine.database.db.select().from(needEmbeddings).where(eq(needEmbeddings.needId, needId))).length === 1 ? true : undefined));
    const expert = await a.call('POST', '/v1/resources', resource('何珠白 研究员', '淡水珍珠漂白、增白与防黄变处理工艺研究，解决珍珠漂白后返黄问题'));
    const id = expert.body.id as number;
    const suggested = await eventually('the worker’s outreach suggestion', async () => {
      const queue = await b.call('GET', '/v1/review/pairings?source=outreach&pageSize=100', undefined, { as: 'operator' });
      return (queue.body.items as Array<{ source: string; resource: { id: number }; explanation: string }>).find((p) => p.source === 'outreach' && p.resource.id === id);
    });
    expect(suggested.explanation).toContain('本专家');
    // The need is paired with it now; the list on either process shows what else it could serve.
    await eventually('B to hold the expert', async () => (b.engine.index().profiles.has(id) ? true : undefined));
    const listed = await b.call('GET', `/v1/resources/${id}/opportunities`, undefined, { as: 'operator' });
    expect(listed.status).toBe(200);
    expect(listed.body.opportunities.map((o: { need: { id: number } }) => o.need.id)).not.toContain(needId);
    expect(listed.body.capacity.held).toBe(1);
  });

  it('leaves to the workers, at an API process’s start, what has no current vector: it embeds none of it', async () => {
    const kept = (await a.call('POST', '/v1/resources', resource('绍兴织造 纬编工艺专家', '经编纬编织造工艺与织物疵点分析', ['textile']))).body.id as number;
    await eventually('its first job to finish', async () => (jobsOf(kept).length === 1 ? true : undefined));
    // Its vector is lost (a model change, a restore): no outbox record says so.
    await a.engine.database.db.delete(resourceEmbeddings).where(eq(resourceEmbeddings.resourceId, kept));
    // And one registered while no worker runs: its record is in flight.
    await worker!.close();
    worker = undefined;
    let c: TestServer | undefined;
    const model = await countingEmbedder();
    try {
      const pending = (await a.call('POST', '/v1/resources', resource('上虞化工 催化剂评价专家', '精细化工催化剂活性评价与失活分析', ['chemical']))).body.id as number;
      c = await startTestServer({ dataDir: dirs[3]!.dir, ...config() }, { embedder: model });
      expect(c.engine.warmUp.waiting).toBeGreaterThanOrEqual(2);
      expect(c.engine.warmUp.handedOver).toBeGreaterThanOrEqual(1); // the lost vector; the pending one was queued already
      expect(c.engine.warmUp.reembedded).toBe(0);
      worker = await startInProcessWorker();
      for (const id of [kept, pending]) await eventually('C to hold its vector from the workers', async () => (c!.engine.index().dense.has(id) ? true : undefined), 60_000);
      expect(await topOn(c, '织物疵点多，纬编工艺要改进')).toBe(kept);
      expect(model.counts.passages).toBe(0);
    } finally {
      worker ??= await startInProcessWorker();
      await c?.close();
    }
  });

  it('stops `npm run worker` on SIGTERM to npm’s PID, leaving nothing running', async () => {
    const child = spawnNpm('worker', { DATABASE_URL: pg.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, BATCH_CRON: 'off', RANKER_CRON: 'off', DATA_DIR: dirs[2]!.dir, LOG_LEVEL: 'info' }, ['ignore', 'pipe', 'pipe']);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    await eventually('the worker to start', async () => (output.includes('"msg":"worker started"') ? true : undefined), 60_000);
    const started = Date.now();
    expect(await stop(child, 'SIGTERM')).toBe(0);
    for (let i = 0; i < 100 && groupAlive(child); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive(child)).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('retries the job of a worker killed in the middle of it, on another worker', async () => {
    await worker!.close();
    worker = undefined;
    const run = Date.now().toString(36);
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ type: 'resource', kind: 'service', name: `珍珠直播代运营方案${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${Math.floor(i / 10) + 1}`, description: '珍珠电商直播间搭建与代运营，'.repeat(20), industries: ['pearl'], categories: ['ecommerce'], externalId: `kill-${run}-${i}` }),
    ).join('\n');
    const imported = await a.call('POST', '/v1/import', lines, { type: 'application/x-ndjson' });
    expect(imported.status).toBe(201);

    const child = spawnWorkerProcess({ DATABASE_URL: pg.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, JOB_LOCK_MS: '2000', BATCH_CRON: 'off', RANKER_CRON: 'off', DATA_DIR: dirs[2]!.dir });
    const queue = a.engine.queues!.index;
    await eventually('the child worker to be in the middle of a job', async () => ((await queue.getActiveCount()) > 0 ? true : undefined));
    await kill(child);
    // BullMQ moves a finished job and takes the next one in one step, so a dead worker leaves a job active.
    const interrupted = (await queue.getActive()).map((j) => j.id!);
    expect(interrupted.length).toBeGreaterThan(0);
    for (const id of interrupted) expect(finished).not.toContain(id);

    worker = await startInProcessWorker();
    await eventually('the interrupted jobs to be retried and finished', async () => (interrupted.every((id) => stalled.includes(id) && finished.includes(id)) ? true : undefined), 120_000);
    await eventually('the queue to drain', async () => {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed');
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0 ? true : undefined;
    }, 120_000);
    const total = (await a.call('GET', '/v1/resources?pageSize=1')).body.total as number;
    for (const server of [a, b]) {
      await eventually('every resource indexed', async () => (server.engine.index().size === total ? true : undefined));
      const idx = server.engine.index();
      expect(idx.dense.size).toBe(total);
      expect(idx.lexical.size).toBe(total);
      // The graph holds each resource once: asking for everything returns every id exactly once.
      const all = idx.dense.search(new Float32Array(512).fill(1 / Math.sqrt(512)), total);
      expect(all).toHaveLength(total);
      expect(new Set(all.map((h) => h.id)).size).toBe(total);
    }
    const jobs = await a.call('GET', '/v1/admin/jobs');
    expect(jobs.body.mode).toBe('queue');
    expect(jobs.body.failed).toEqual([]);
  });
});
