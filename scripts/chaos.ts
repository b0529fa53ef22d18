// npm run chaos: a fault run. An API process and a worker process (as `npm start` and `npm run worker` run them)
// on a PostgreSQL and a Redis server of the run's own, started from the machine's binaries (the machine's own
// services are not touched). Portals register resources and match ad-hoc needs under load while the worker is
// SIGKILLed (and started again), Redis is stopped and started empty, and PostgreSQL is restarted. Clients retry a
// refused registration with the same external id, as a portal's sync does. At the end it prints what was
// accepted, refused, lost and duplicated, how long after each fault the index held everything registered before
// it ended, how long after the last registration it held everything, and how many answers were a 5xx other than
// 503. It stops everything it started.
//
//   npm run chaos [-- --seconds 40 --rate 10 --clients 4]   (rate: registrations a second, all clients together)
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { detached, freePort, killGroup, PrivatePostgres, PrivateRedis } from './lib/servers.js';

const root = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const groupAlive = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
};

interface Tally {
  attempts: number;
  accepted: Set<string>;
  refused: number;
  rejected: Map<number, number>;
  otherFiveXx: number;
  networkErrors: number;
  matches: number;
  matchRefused: number;
  lastAcceptedAt: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '40' }, rate: { type: 'string', default: '10' }, clients: { type: 'string', default: '4' } } });
  const seconds = Number(values.seconds);
  const rate = Number(values.rate);
  const clients = Number(values.clients);
  if (!(seconds >= 20) || !(rate > 0) || !(clients >= 1)) throw new Error('usage: npm run chaos -- [--seconds N (at least 20)] [--rate N] [--clients N]');

  const children: ChildProcess[] = [];
  let pg: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'sxm-chaos-'));
  const logs = mkdtempSync(join(tmpdir(), 'sxm-chaos-logs-'));
  const cleanup = async () => {
    await Promise.all(children.map(killGroup));
    await redis?.close();
    await pg?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  // Whatever goes wrong in this script, what it started does not outlive it.
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.once(event, (err) => {
      console.error(err);
      void cleanup().then(() => process.exit(1));
    });
  }

  try {
    [pg, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: pg.url(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'chaos',
      SEED_DEMO: 'never',
      LOG_LEVEL: 'warn',
      BATCH_CRON: 'off',
      RANKER_CRON: 'off',
    };
    let stopping = false;
    let spawned = 0;
    /** A process of the engine, its output kept in the logs directory; its tail is printed should it exit on its own. */
    const spawnNode = (script: string, extra: Record<string, string>) => {
      const child = detached(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      const log = createWriteStream(join(logs, `${++spawned}-${script.replace(/\W+/g, '-')}.log`));
      let tail = '';
      const keep = (d: Buffer) => {
        log.write(d);
        tail = (tail + d.toString()).slice(-4000);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      child.once('exit', (code, signal) => {
        if (!stopping && signal !== 'SIGKILL') console.log(`[chaos] ${script} exited by itself (${code ?? signal}); its last output:\n${tail}`);
      });
      children.push(child);
      return child;
    };

    console.log('[chaos] starting PostgreSQL, Redis, the API and a worker');
    const api = spawnNode('src/main.ts', { PORT: String(port), DATA_DIR: join(dataDir, 'api') });
    let output = '';
    api.stdout!.on('data', (d) => (output += d));
    const startWorker = () => spawnNode('scripts/worker.ts', { DATA_DIR: join(dataDir, 'worker') });
    let worker = startWorker();
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (i > 600 || api.exitCode !== null) throw new Error('the API did not start');
      await sleep(200);
    }
    const adminKey = /sxm_admin_[A-Za-z0-9_-]+/.exec(output)?.[0];
    if (!adminKey) throw new Error('the API printed no admin key');
    const portalKey = (await (await fetch(`${base}/v1/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'portal', name: 'chaos', ratePerMinute: 100_000 }) })).json()).key as string;
    const headers = { authorization: `Bearer ${portalKey}`, 'content-type': 'application/json' };

    const tally: Tally = { attempts: 0, accepted: new Set(), refused: 0, rejected: new Map(), otherFiveXx: 0, networkErrors: 0, matches: 0, matchRefused: 0, lastAcceptedAt: 0 };
    let loading = true;
    let next = 0;
    const register = async () => {
      while (loading) {
        const pace = sleep((clients * 1000) / rate);
        const externalId = `chaos-${next++}`;
        const body = JSON.stringify({ kind: 'expert', name: `第${next}位专家`, description: `金属腐蚀与防护、盐雾试验，案例${next}`, industries: ['metal'], categories: ['testing'], externalId });
        // Retried until accepted (a sync does the same; the external id makes a retry safe), for a while.
        for (const until = Date.now() + 60_000; Date.now() < until; ) {
          tally.attempts++;
          const res = await fetch(`${base}/v1/resources`, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) }).catch(() => undefined);
          if (!res) tally.networkErrors++;
          else if (res.status === 200 || res.status === 201) {
            tally.accepted.add(externalId);
            tally.lastAcceptedAt = Date.now();
            break;
          } else if (res.status === 503) tally.refused++;
          else if (res.status >= 500) tally.otherFiveXx++;
          else {
            tally.rejected.set(res.status, (tally.rejected.get(res.status) ?? 0) + 1);
            break;
          }
          await res?.body?.cancel();
          await sleep(250);
        }
        await pace;
      }
    };
    const match = async () => {
      while (loading) {
        const res = await fetch(`${base}/v1/match`, { method: 'POST', headers, body: JSON.stringify({ text: '电机外壳生锈，想做盐雾试验', limit: 5 }), signal: AbortSignal.timeout(20_000) }).catch(() => undefined);
        if (!res) tally.networkErrors++;
        else if (res.status === 200) tally.matches++;
        else if (res.status === 503) tally.matchRefused++;
        else if (res.status >= 500) tally.otherFiveXx++;
        await res?.body?.cancel();
        await sleep(50);
      }
    };

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const started = Date.now();
    const at = (fraction: number) => sleep(Math.max(0, started + fraction * seconds * 1000 - Date.now()));
    const load = [...Array.from({ length: clients }, register), match()];
    const db = postgres(pg.url(), { max: 1, onnotice: () => {} });
    // The script's own reads retry while the server restarts.
    const read = async <T>(f: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await f();
        } catch {
          await sleep(200);
        }
      }
    };
    const stored = () => read(async () => Number((await db`select count(*)::int as n from resources where archived_at is null`)[0]!.n));
    const indexed = async () => ((await fetch(`${base}/healthz`).then((r) => r.json(), () => undefined)) as { resources?: number } | undefined)?.resources ?? -1;
    /**
     * After a fault: how long until everything registered before it ended is indexed (the load goes on): every
     * outbox record up to then processed by a worker, and the API's index as large as the database was.
     */
    const catchUp = async (fault: string) => {
      const ended = Date.now();
      const before = await stored();
      const last = await read(async () => Number((await db`select coalesce(max(id), 0)::bigint as id from outbox`)[0]!.id));
      for (const until = ended + 120_000; Date.now() < until; await sleep(100)) {
        const open = await read(async () => (await db`select count(*)::int as n from outbox where id <= ${last} and processed_at is null`)[0]!);
        if (open.n === 0 && (await indexed()) >= before) return `${fault}: ${s(Date.now() - ended)} (${before} registered before)`;
      }
      return `${fault}: not within 120 s`;
    };
    const caughtUp: Array<Promise<string>> = [];
    const faults = (async () => {
      await at(0.12);
      console.log('[chaos] SIGKILL the worker');
      await killGroup(worker);
      await sleep(2000);
      worker = startWorker();
      caughtUp.push(catchUp('worker killed and restarted'));
      await at(0.3);
      console.log('[chaos] Redis down');
      await redis!.down();
      await sleep(10_000);
      await redis!.up();
      console.log('[chaos] Redis up (empty)');
      caughtUp.push(catchUp('Redis down 10 s, back empty'));
      await at(0.7);
      console.log('[chaos] PostgreSQL restart');
      await pg!.restart();
      console.log('[chaos] PostgreSQL up');
      caughtUp.push(catchUp('PostgreSQL restarted'));
    })();
    await faults;
    await at(0.85);
    loading = false;
    await Promise.all(load);
    const loadEnded = Date.now();
    const recoveries = await Promise.all(caughtUp);

    // Converged: the API's index holds every registration and the outbox is empty.
    let convergedAt: number | undefined;
    for (const until = Date.now() + 120_000; Date.now() < until; await sleep(100)) {
      const h = await fetch(`${base}/healthz`).then((r) => r.json(), () => undefined);
      if (h && h.outbox?.pending === 0 && h.resources === (await stored())) {
        convergedAt = Date.now();
        break;
      }
    }
    const rows = await read(() => db`select external_id, count(*)::int as n from resources where external_id like 'chaos-%' group by external_id`);
    await db.end();
    const inDb = new Set(rows.map((r) => r.external_id as string));
    const lost = [...tally.accepted].filter((id) => !inDb.has(id)).length;
    const duplicated = rows.filter((r) => r.n > 1).length;

    console.log('');
    console.log(`load            ${clients} registering clients (${rate}/s together) and 1 matching client for ${s(loadEnded - started)}`);
    console.log(`registrations   ${tally.accepted.size} accepted, ${tally.refused} refused with 503 and retried, ${[...tally.rejected].map(([c, n]) => `${n}×${c}`).join(' ') || 'none'} rejected otherwise, ${tally.attempts} attempts`);
    console.log(`lost            ${lost}`);
    console.log(`duplicated      ${duplicated}`);
    console.log(`matches         ${tally.matches} answered, ${tally.matchRefused} refused with 503`);
    console.log(`5xx (not 503)   ${tally.otherFiveXx}`);
    console.log(`network errors  ${tally.networkErrors}`);
    console.log(`caught up after ${recoveries.join('\n                ')}`);
    console.log(`converged       ${convergedAt ? `${s(convergedAt - Math.max(loadEnded, tally.lastAcceptedAt))} after the last registration (index = database, outbox empty)` : 'not within 120 s'}`);

    // Stop in order, as a service manager would, and check nothing is left.
    stopping = true;
    const stopped = await Promise.all(
      ([['API', api], ['worker', worker]] as const).map(async ([name, child]) => {
        const t = Date.now();
        child.kill('SIGTERM');
        while (groupAlive(child) && Date.now() - t < 20_000) await sleep(100);
        return groupAlive(child) ? `the ${name} still ran 20 s after SIGTERM` : `${name} ${s(Date.now() - t)}`;
      }),
    );
    console.log(`stopped         on SIGTERM: ${stopped.join(', ')}`);
    console.log(`logs            ${logs}`);
    if (lost > 0 || duplicated > 0 || tally.otherFiveXx > 0 || recoveries.some((r) => r.includes('not within')) || !convergedAt || stopped.some((x) => x.includes('still ran'))) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
