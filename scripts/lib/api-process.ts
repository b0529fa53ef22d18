// One API process as `npm start` runs it (embedded database unless the environment says otherwise), in a process
// group of its own on a free port, for the benchmarks that drive it over HTTP. `stop` sends SIGTERM, waits for
// the orderly stop and then stops the group, so nothing is left running.
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { detached, freePort, killGroup } from './servers.js';

const root = resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ApiProcess {
  base: string;
  child: ChildProcess;
  /** What the process printed on stdout so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the API and waits until /healthz answers 200 (seeding an empty database first can take minutes). */
export async function startApi(opts: { dataDir: string; env?: Record<string, string>; startSeconds?: number }): Promise<ApiProcess> {
  const port = await freePort();
  const child = detached(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn', BATCH_CRON: 'off', RANKER_CRON: 'off', ...opts.env, PORT: String(port), DATA_DIR: opts.dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  const api: ApiProcess = {
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(15_000)]);
      await killGroup(child);
    },
  };
  const deadline = Date.now() + (opts.startSeconds ?? 600) * 1000;
  while (!(await fetch(`${api.base}/healthz`).then((r) => r.status === 200, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await api.stop();
      throw new Error('the server did not start');
    }
    await sleep(200);
  }
  return api;
}
