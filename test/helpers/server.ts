import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createEngine, type Engine } from '../../src/engine.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';

export interface TestServer {
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

/** The real app and engine on a free loopback port. */
export async function startTestServer(config: { dataDir: string; databaseUrl?: string | undefined; redisUrl?: string; queuePrefix?: string }): Promise<TestServer> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const engine = await createEngine({ config: { ...config, databaseUrl: config.databaseUrl }, log });
  const server: Server = await new Promise((ok) => {
    const s = createApp({ engine, step: 'ready' }, log).listen(0, '127.0.0.1', () => ok(s));
  });
  // fetch reuses idle connections; with the default 5 s a poll can meet a socket the server is just closing.
  server.keepAliveTimeout = 60_000;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    engine,
    close: async () => {
      await new Promise((ok) => server.close(ok));
      await engine.close();
    },
  };
}

export async function call(base: string, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
