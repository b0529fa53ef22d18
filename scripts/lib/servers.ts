// Private Redis and PostgreSQL servers, started from the machine's binaries on free ports, for runs that stop,
// crash, freeze and restart them (the fault tests and `npm run chaos`) without touching the machine's own. Each
// runs in a process group of its own, so that stopping the group leaves nothing behind. Redis keeps nothing on
// disk, like the machine's: a restarted one is empty. PostgreSQL keeps its data directory until `close`.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import postgres from 'postgres';

/** How a server process is started: tests record it in their registry; scripts start it detached. */
export type Spawner = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

export const detached: Spawner = (command, args, options) => spawn(command, args, { ...options, detached: true });

/** SIGKILLs a process's group and waits for the process to exit. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  await exited;
}

export async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tries `start` on fresh free ports: one picked free may be taken before the server binds it. */
async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

/**
 * While down, the port stays taken by a listener that drops every connection, so clients see a dead server and no
 * other process takes the port before it comes back.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  private placeholder: Server | undefined;
  private constructor(
    readonly port: number,
    private readonly spawner: Spawner,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static start(spawner: Spawner = detached): Promise<PrivateRedis> {
    return onFreePort(async (port) => {
      const r = new PrivateRedis(port, spawner);
      await r.up();
      return r;
    });
  }

  async up(): Promise<void> {
    await new Promise<void>((ok) => (this.placeholder ? this.placeholder.close(() => ok()) : ok()));
    this.placeholder = undefined;
    const child = this.spawner('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      for (let i = 0; i < 100 && child.exitCode === null; i++) {
        try {
          await probe.connect();
          await probe.ping();
          return;
        } catch {
          await sleep(100);
        }
      }
    } finally {
      probe.disconnect();
    }
    await killGroup(child);
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Stops the server at once (as a crash would) and holds its port until `up`. */
  async down(): Promise<void> {
    if (this.child) await killGroup(this.child);
    this.child = undefined;
    if (this.placeholder) return;
    const placeholder = createServer((socket) => socket.destroy());
    await new Promise<void>((ok, fail) => placeholder.once('error', fail).listen(this.port, '127.0.0.1', () => ok()));
    this.placeholder = placeholder;
  }

  /** Stops the server and frees its port. */
  async close(): Promise<void> {
    await this.down();
    await new Promise<void>((ok) => (this.placeholder ? this.placeholder.close(() => ok()) : ok()));
    this.placeholder = undefined;
  }
}

/** The directory of the machine's PostgreSQL server binaries (initdb, postgres). */
function postgresBin(): string {
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = found.status === 0 ? found.stdout.trim() : '';
  if (dir && existsSync(join(dir, 'initdb'))) return dir;
  throw new Error('PostgreSQL server binaries not found (pg_config --bindir)');
}

/** PostgreSQL refuses to run as root: as root, its processes run as the postgres user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export class PrivatePostgres {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly spawner: Spawner,
  ) {}

  /** A database's URL on this server (trust authentication, user postgres). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async start(spawner: Spawner = detached): Promise<PrivatePostgres> {
    const bin = postgresBin();
    const dir = mkdtempSync(join(tmpdir(), 'sxm-pg-'));
    chmodSync(dir, 0o700);
    if (process.getuid?.() === 0) {
      const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gw = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      chownSync(dir, Number(pw.stdout), Number(gw.stdout));
    }
    const [cmd, args] = asServerUser(join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    const init = spawnSync(cmd, args, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    return onFreePort(async (port) => {
      const pg = new PrivatePostgres(port, dir, spawner);
      await pg.up();
      return pg;
    });
  }

  async up(): Promise<void> {
    const [cmd, args] = asServerUser(join(postgresBin(), 'postgres'), [
      '-D', this.dir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100',
    ]);
    const child = this.spawner(cmd, args, { stdio: 'ignore' });
    this.child = child;
    for (let i = 0; i < 150 && child.exitCode === null; i++) {
      const probe = postgres(this.url(), { max: 1, connect_timeout: 1, onnotice: () => {} });
      try {
        await probe`select 1`;
        return;
      } catch {
        await sleep(100);
      } finally {
        await probe.end({ timeout: 1 });
      }
    }
    await killGroup(child);
    throw new Error(`postgres did not start on port ${this.port}`);
  }

  private postmasterPid(): number | undefined {
    const file = join(this.dir, 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
  }

  /** A fast shutdown, as `pg_ctl stop` or a restart does: sessions are ended, clients see their connections close. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    const pid = this.postmasterPid();
    if (pid) process.kill(pid, 'SIGINT');
    else child.kill('SIGINT');
    const stopped = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!stopped) await killGroup(child);
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.down();
    await this.up();
  }

  /** The postmaster and its processes (each of which runs in a session of its own, out of the group's reach). */
  private serverPids(): number[] {
    const postmaster = this.postmasterPid();
    if (!postmaster) return [];
    const children = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  }

  /** The server stops answering without closing anything (a hung host, a network that drops packets). */
  freeze(): void {
    for (const pid of this.serverPids()) signal(pid, 'SIGSTOP');
  }

  thaw(): void {
    for (const pid of this.serverPids()) signal(pid, 'SIGCONT');
  }

  /** Stops the server and removes its data. */
  async close(): Promise<void> {
    if (this.child) {
      try {
        this.thaw();
      } catch {
        // gone already
      }
      await this.down();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Signals a process unless it has ended since it was listed (a backend that exited: nothing to stop or resume). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
