// Processes a test starts: project scripts (one process each: tsx as a loader rather than its CLI, which runs the
// script in a grandchild that a SIGKILL to the child would leave alive) and servers such as redis-server. Each
// runs in a process group of its own, recorded in the run's registry (see test/global-setup.ts), so that what a
// test leaves running is killed when its file ends, when its process exits, and, should the test process crash,
// by the global teardown.
import { spawn, type ChildProcess, type SpawnOptions, type StdioOptions } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, inject } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const spawned = new Set<ChildProcess>();

/** The engine's settings: a script gets only the ones a test gives it, never the ones the test runner inherited. */
const ENGINE_SETTINGS = ['PORT', 'TRUST_PROXY', 'DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'JOB_LOCK_MS', 'BATCH_CRON', 'BATCH_TZ', 'BATCH_SLACK', 'BATCH_SUGGESTIONS', 'RANKER_CRON', 'SEED_DEMO', 'LOG_LEVEL', 'MODELS_DIR'];

export function scriptEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ENGINE_SETTINGS.includes(k)));
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

afterAll(async () => {
  await Promise.all([...spawned].map(kill));
});

// A test process that exits without its afterAll (an uncaught error) still takes its children with it.
process.once('exit', () => {
  for (const child of spawned) killGroup(child, 'SIGKILL');
});

function registryFile(pid: number): string {
  return join(inject('childRegistry'), String(pid));
}

/** Starts a process in a group of its own and records it until it exits. */
export function track(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  mkdirSync(inject('childRegistry'), { recursive: true });
  writeFileSync(registryFile(child.pid), `${command} ${args.join(' ')}`);
  spawned.add(child);
  const pid = child.pid;
  child.once('exit', () => {
    spawned.delete(child);
    // The group may still hold grandchildren: they go with it.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone already
    }
    rmSync(registryFile(pid), { force: true });
  });
  return child;
}

export function spawnScript(script: string, env: Record<string, string>, stdio: StdioOptions = 'ignore', args: string[] = []): ChildProcess {
  return track(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: scriptEnv(env), stdio });
}

/** Runs a script to its end, as a person at a terminal would; killed (and failed) if it takes longer than `timeoutMs`. */
export async function runScript(script: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnScript(script, env, ['ignore', 'pipe', 'pipe'], args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  const timer = setTimeout(() => void kill(child), timeoutMs);
  const code = await new Promise<number | null>((ok) => child.once('exit', (c) => ok(c)));
  clearTimeout(timer);
  if (code === null) throw new Error(`${script} ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stderr.slice(-2000)}`);
  return { code, stdout, stderr };
}

/** `npm run SCRIPT` as a person or a service manager starts it: npm, then the script's process under it. */
export function spawnNpm(script: string, env: Record<string, string>, stdio: StdioOptions = 'ignore'): ChildProcess {
  return track('npm', ['run', '--silent', script], { cwd: root, env: scriptEnv(env), stdio });
}

/** Whether any process of a child's group still runs (a server left behind when its parent was stopped). */
export function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm run worker`. */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  return spawnScript('scripts/worker.ts', env);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // gone already
  }
}

/** SIGKILLs the process and its group and waits for it to exit. */
export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGKILL');
  await exited;
}

/** Sends `signal` to the process alone (as a service manager would) and waits for it to exit, with its exit code. */
export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  return exited;
}
