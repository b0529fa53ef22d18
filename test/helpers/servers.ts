// A private Redis server for tests that stop and restart it; it keeps nothing on disk, like the machine's. While
// it is down its port stays taken by a listener that drops every connection, so clients see a dead server and no
// other process can take the port before it comes back.
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { kill, track } from './processes.js';

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export class PrivateRedis {
  private child: ChildProcess | undefined;
  private placeholder: Server | undefined;
  private constructor(private portNumber: number) {}

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.portNumber}`;
  }

  /** A port picked free may be taken before redis-server binds it: then another one is tried. */
  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(0);
    for (let attempt = 1; ; attempt++) {
      r.portNumber = await freePort();
      try {
        await r.up();
        return r;
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
  }

  async up(): Promise<void> {
    await new Promise<void>((ok) => (this.placeholder ? this.placeholder.close(() => ok()) : ok()));
    this.placeholder = undefined;
    const child = track('redis-server', ['--port', String(this.portNumber), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
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
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      probe.disconnect();
    }
    await kill(child);
    throw new Error(`redis-server did not start on port ${this.portNumber}`);
  }

  /** Stops the server at once (as a crash would) and holds its port until `up`. */
  async down(): Promise<void> {
    if (this.child) await kill(this.child);
    this.child = undefined;
    if (this.placeholder) return;
    const placeholder = createServer((socket) => socket.destroy());
    await new Promise<void>((ok, fail) => placeholder.once('error', fail).listen(this.portNumber, '127.0.0.1', () => ok()));
    this.placeholder = placeholder;
  }

  /** Stops the server and frees its port. */
  async close(): Promise<void> {
    await this.down();
    await new Promise<void>((ok) => (this.placeholder ? this.placeholder.close(() => ok()) : ok()));
    this.placeholder = undefined;
  }
}
