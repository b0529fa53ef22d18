// npm run cluster -- --api 2 --workers 2: the multi-process topology on one machine, for trying it out and for a
// single-host deployment: N API processes on consecutive ports from PORT and M workers, all against DATABASE_URL
// and REDIS_URL. Output is prefixed per process; a process that exits on its own is restarted (after 1 s, then
// longer); SIGTERM/SIGINT stops them all in order (each shuts down cleanly) and exits when they have.
// Each API process gets its own DATA_DIR/api-N for its index snapshot; only the first may seed an empty database.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { exitWith } from './cli.js';

const { values } = parseArgs({ options: { api: { type: 'string', default: '2' }, workers: { type: 'string', default: '1' } } });
const count = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 16) exitWith('cluster', new Error(`--${name}: ${raw} must be a whole number from 0 to 16`));
  return n;
};
const apis = count('api', values.api);
const workers = count('workers', values.workers);

const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    return exitWith('cluster', err);
  }
})();
if (!config.databaseUrl || !config.redisUrl) exitWith('cluster', new Error('set DATABASE_URL and REDIS_URL: the processes share one PostgreSQL and one Redis'));

interface Member {
  name: string;
  script: string;
  env: Record<string, string>;
  child?: ChildProcess;
  restarts: number;
}

const members: Member[] = [
  ...Array.from({ length: apis }, (_, i) => ({
    name: `api-${i + 1}`,
    script: 'src/main.ts',
    env: { PORT: String(config.port + i), DATA_DIR: join(config.dataDir, `api-${i + 1}`), ...(i > 0 ? { SEED_DEMO: 'never' } : {}) },
    restarts: 0,
  })),
  ...Array.from({ length: workers }, (_, i) => ({ name: `worker-${i + 1}`, script: 'scripts/worker.ts', env: { DATA_DIR: join(config.dataDir, `worker-${i + 1}`) }, restarts: 0 })),
];
let stopping = false;

function prefixLines(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop()!;
    for (const line of lines) out.write(`${name.padEnd(9)} | ${line}\n`);
  });
}

function launch(m: Member) {
  const child = spawn(process.execPath, ['--import', 'tsx', m.script], { env: { ...process.env, ...m.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  m.child = child;
  prefixLines(m.name, child.stdout!, process.stdout);
  prefixLines(m.name, child.stderr!, process.stderr);
  child.once('exit', (code, signal) => {
    m.child = undefined;
    if (stopping) return;
    const delay = Math.min(1000 * 2 ** m.restarts++, 30_000);
    console.error(`${m.name.padEnd(9)} | exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`);
    setTimeout(() => !stopping && launch(m), delay).unref();
  });
}

async function stopAll(signal: string) {
  if (stopping) return;
  stopping = true;
  console.error(`cluster    | ${signal}: stopping ${members.filter((m) => m.child).length} processes`);
  await Promise.all(
    members.map((m) => {
      const child = m.child;
      if (!child) return undefined;
      return new Promise((ok) => {
        child.once('exit', ok);
        child.kill('SIGTERM');
      });
    }),
  );
  process.exit(0);
}

process.on('SIGTERM', () => void stopAll('SIGTERM'));
process.on('SIGINT', () => void stopAll('SIGINT'));
for (const m of members) launch(m);
console.error(`cluster    | ${apis} API processes on ports ${config.port}-${config.port + apis - 1}, ${workers} workers`);
