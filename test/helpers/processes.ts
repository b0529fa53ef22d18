// Project scripts as child processes of a test, each one process (tsx as a loader rather than its CLI, which runs
// the script in a grandchild that a SIGKILL to the child would leave alive). Whatever a test leaves running is
// killed when its file ends.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const spawned = new Set<ChildProcess>();

afterAll(async () => {
  await Promise.all([...spawned].map(kill));
});

export function spawnScript(script: string, env: Record<string, string>, stdio: StdioOptions = 'ignore'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio });
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  return child;
}

/** `npm run worker`. */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  return spawnScript('scripts/worker.ts', env);
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
