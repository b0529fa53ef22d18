import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ROLES, SYSTEM, type Role } from '../../src/auth/actor.js';
import type { Config } from '../../src/config.js';
import type { Embedder } from '../../src/embedding/embedder.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { createApiKey } from '../../src/services/api-keys.js';

export interface CallOptions {
  /** Content type of a string body (JSON bodies need none). */
  type?: string;
  /** Whose key to send: a role of this server's test keys (default admin), a raw key, or null for none. */
  as?: Role | null;
  key?: string;
}

export interface TestServer {
  url: string;
  engine: Engine;
  /** One key per role, made for the test. */
  keys: Record<Role, string>;
  call(method: string, path: string, body?: unknown, opts?: CallOptions): ReturnType<typeof call>;
  close(): Promise<void>;
}

/** The real app and engine on a free loopback port, with an API key for each role; `embedder` is its model. */
export async function startTestServer(
  config: { dataDir: string; databaseUrl?: string | undefined; redisUrl?: string; queuePrefix?: string } & Partial<Pick<Config, 'batch' | 'ranker'>>,
  opts: { embedder?: Embedder } = {},
): Promise<TestServer> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const engine = await createEngine({ config: { ...config, databaseUrl: config.databaseUrl }, log, ...opts });
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createApiKey({ ctx: engine.ctx, actor: SYSTEM, input: { role, name: `test ${role}`, ratePerMinute: 100_000 } })).key;
  const server: Server = await new Promise((ok) => {
    const s = createApp({ ctx: engine.ctx, step: 'ready' }, log).listen(0, '127.0.0.1', () => ok(s));
  });
  // fetch reuses idle connections; with the default 5 s a poll can meet a socket the server is just closing.
  server.keepAliveTimeout = 60_000;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    engine,
    keys,
    call: (method, path, body, opts = {}) => {
      const as = opts.as === undefined ? 'admin' : opts.as;
      return call(url, method, path, body, { type: opts.type, key: opts.key ?? (as === null ? undefined : keys[as]) });
    },
    close: async () => {
      await new Promise((ok) => server.close(ok));
      await engine.close();
    },
  };
}

export async function call(base: string, method: string, path: string, body?: unknown, opts: { type?: string | undefined; key?: string | undefined } = {}) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
