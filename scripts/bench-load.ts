// npm run bench:load [-- --seconds 10] [--resources N]: the API over HTTP at 1, 4 and 16 concurrent clients
// (autocannon), on the demo corpus in DATA_DIR/bench-load (seeded on the first run, which embeds it: about 80 s;
// kept for the next), or with --resources on the PostgreSQL database bench:scale made for that size (run it first).
// Two workloads: text matches (the demo needs' titles, as a portal's search box sends them) and matches of stored
// needs by id. Then the floor: the model and a plain hnswlib-node index over the same stored vectors behind a bare
// node:http server, the least any text match can cost here. Prints requests/s, p50 and p99 for each.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import hnswlib from 'hnswlib-node';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { resourceEmbeddings } from '../src/db/schema.js';
import { createLocalEmbedder } from '../src/embedding/embedder.js';
import { DEFAULT_HNSW } from '../src/retrieval/dense-index.js';
import { DEFAULT_SEED, generateSeedCorpus } from '../src/seed/corpus.js';
import { startApi } from './lib/api-process.js';
import { rssMiB } from './lib/bench.js';
import { DEMO_RESOURCES, scaledDatabase } from './lib/scaled-corpus.js';
import { freePort } from './lib/servers.js';

const root = resolve(import.meta.dirname, '..');
const CLIENTS = [1, 4, 16];

interface Workload {
  name: string;
  request: autocannon.Request;
}

async function drive(base: string, headers: Record<string, string>, w: Workload, connections: number, seconds: number): Promise<string> {
  const r = await autocannon({ url: base, connections, duration: seconds, headers: { ...headers, 'content-type': 'application/json' }, requests: [w.request] });
  const bad = r.non2xx + r.errors + r.timeouts;
  return `${w.name.padEnd(12)} ${String(connections).padStart(2)} clients  ${r.requests.average.toFixed(0).padStart(5)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms${bad ? `   ${bad} failed` : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, resources: { type: 'string' } } });
  const seconds = Number(values.seconds);
  const resources = values.resources === undefined ? undefined : Number(values.resources);
  if (!(seconds >= 1) || (resources !== undefined && !(resources >= 1))) throw new Error('usage: npm run bench:load -- [--seconds N] [--resources N]');
  const copies = resources === undefined ? undefined : Math.ceil(resources / DEMO_RESOURCES);
  const dataDir = join(loadConfig().dataDir, copies === undefined ? 'bench-load' : `bench-scale-x${copies}`);
  const databaseUrl = copies === undefined ? '' : await scaledDatabase(copies);
  const titles = generateSeedCorpus(DEFAULT_SEED).needs.map((n) => n.title);
  const textRequest = (): autocannon.Request => {
    let n = 0;
    return { method: 'POST', path: '/v1/match', setupRequest: (req) => ({ ...req, body: JSON.stringify({ text: titles[n++ % titles.length], limit: 10 }) }) };
  };

  // A key of the bench's own, made before the server holds the data directory, with a rate no load here reaches.
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', 'create', '--role', 'admin', '--name', 'bench-load', '--rate', '100000'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const key = /sxm_admin_[A-Za-z0-9_-]+/.exec(made.stdout)?.[0];
  if (!key) throw new Error(`could not make a key: ${made.stderr}`);
  const auth = { authorization: `Bearer ${key}` };

  console.log(`[load] starting the API on ${dataDir} (the first run seeds and embeds the demo corpus)`);
  const api = await startApi({ dataDir, env: { DATABASE_URL: databaseUrl, SEED_DEMO: copies === undefined ? 'auto' : 'never' } });
  try {
    const needs = (await (await fetch(`${api.base}/v1/needs?pageSize=100`, { headers: auth })).json()) as { items: Array<{ id: number }> };
    const ids = needs.items.map((n) => n.id);
    let m = 0;
    const workloads: Workload[] = [
      { name: 'text match', request: textRequest() },
      { name: 'id match', request: { method: 'POST', path: '/v1/match', setupRequest: (req) => ({ ...req, body: JSON.stringify({ needId: ids[m++ % ids.length], limit: 10 }) }) } },
    ];
    // Warm-up: a few seconds of each, not counted.
    for (const w of workloads) await drive(api.base, auth, w, 4, 2);
    for (const w of workloads) for (const c of CLIENTS) console.log(await drive(api.base, auth, w, c, seconds));
    console.log(`API process RSS ${rssMiB(api.child.pid!).toFixed(0)} MiB`);
  } finally {
    await api.stop();
  }

  // The floor, on the same stored vectors (the API has released the data directory).
  const database = await openDatabase({ dataDir, databaseUrl: databaseUrl || undefined });
  const rows = await database.db.select().from(resourceEmbeddings);
  await database.close();
  const embedder = await createLocalEmbedder();
  const index = new hnswlib.HierarchicalNSW(DEFAULT_HNSW.space, embedder.dimension);
  index.initIndex({ maxElements: rows.length, m: DEFAULT_HNSW.m, efConstruction: DEFAULT_HNSW.efConstruction, randomSeed: 100 });
  for (const r of rows) index.addPoint(Array.from(r.vector), r.resourceId);
  index.setEf(DEFAULT_HNSW.efSearch);
  const port = await freePort();
  const floor = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      void embedder.embedQuery((JSON.parse(body) as { text: string }).text).then((v) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(index.searchKnn(Array.from(v), 10).neighbors));
      });
    });
  }).listen(port, '127.0.0.1');
  try {
    const base = `http://127.0.0.1:${port}`;
    const w = { name: 'floor (text)', request: textRequest() };
    await drive(base, {}, w, 4, 2);
    for (const c of CLIENTS) console.log(await drive(base, {}, w, c, seconds));
  } finally {
    floor.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
