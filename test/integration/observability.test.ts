// What an operator runs the engine with: an X-Request-Id on every response (the caller's when sensible), carried
// by the log lines about the request, and Prometheus metrics that scrape (open, or behind METRICS_TOKEN).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { createApiKey } from '../../src/services/api-keys.js';
import { importNdjson } from '../../src/services/import.js';
import { tempDataDir } from '../helpers/database.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');
const TOKEN = 'metrics-token-of-this-test';

describe('request ids, logs and metrics', () => {
  const data = tempDataDir('observability');
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let engine: Engine;
  const servers: Server[] = [];
  let open: string;
  let guarded: string;
  let key: string;

  const listen = async (token?: string) => {
    const app = createApp({ ctx: engine.ctx, step: 'ready' }, createLogger('info', sink), { metricsToken: token });
    const server: Server = await new Promise((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    engine = await createEngine({ config: { dataDir: data.dir, databaseUrl: undefined }, log: createLogger('silent') });
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
    key = (await createApiKey({ ctx: engine.ctx, actor: SYSTEM, input: { role: 'portal', name: 'observability', ratePerMinute: 100_000 } })).key;
    open = await listen();
    guarded = await listen(TOKEN);
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((ok) => s.close(ok));
    await engine?.close();
    data.remove();
  });

  const match = (base: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/v1/match`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body: JSON.stringify({ text: '羊毛衫洗了缩水', limit: 3 }) });

  it('answers every request with an X-Request-Id, the caller’s own when it is a sensible one', async () => {
    const made = (await match(open)).headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect((await match(open)).headers.get('x-request-id')).not.toBe(made);
    expect((await match(open, { 'x-request-id': 'portal-7f3a.42' })).headers.get('x-request-id')).toBe('portal-7f3a.42');
    // One that could forge or flood log lines is replaced.
    for (const bad of ['two words', 'x'.repeat(129), 'a\tb']) {
      const id = (await fetch(`${open}/healthz`, { headers: { 'x-request-id': bad } })).headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const unauthorised = await fetch(`${open}/v1/needs`, { headers: { 'x-request-id': 'no-key-1' } });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers.get('x-request-id')).toBe('no-key-1');
  });

  it('logs each request with its id, method, path and status, and never its key or query string', async () => {
    await match(open, { 'x-request-id': 'trace-me-1' });
    await fetch(`${open}/v1/needs?q=${encodeURIComponent('秘密的需求')}`, { headers: { 'x-request-id': 'trace-me-2' } });
    const of = (id: string) => lines.filter((l) => (l.req as { id?: string } | undefined)?.id === id);
    expect(of('trace-me-1')).toEqual([expect.objectContaining({ level: 30, req: { id: 'trace-me-1', method: 'POST', path: '/v1/match' }, res: { statusCode: 200 } })]);
    // Refused before any route: still logged with its id.
    expect(of('trace-me-2')).toEqual([expect.objectContaining({ level: 40, req: { id: 'trace-me-2', method: 'GET', path: '/v1/needs' }, res: { statusCode: 401 } })]);
    const all = JSON.stringify(lines);
    expect(all).not.toContain(key);
    expect(all).not.toContain('秘密');
  });

  it('serves Prometheus metrics: latency per route pattern, match stages, index, outbox, batch and ranker runs', async () => {
    for (let i = 0; i < 3; i++) await match(open);
    const res = await fetch(`${open}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"/.]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('http_request_duration_seconds_count{method="POST",route="/v1/match",status="200"}')).toBeGreaterThanOrEqual(3);
    expect(value('match_stage_duration_seconds_count{stage="embed"}')).toBeGreaterThanOrEqual(3);
    expect(value('matches_total')).toBe(value('match_stage_duration_seconds_count{stage="rank"}'));
    expect(value('index_resources')).toBe(engine.index().size);
    expect(value('outbox_pending')).toBe(0);
    expect(text).toMatch(/^# TYPE batch_runs gauge$/m);
    expect(text).toMatch(/^# TYPE ranker_runs gauge$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // Ids never become series of their own.
    await fetch(`${open}/v1/needs/12345/matches`, { headers: { authorization: `Bearer ${key}` } });
    // A route that answered with an error keeps its pattern too.
    expect(await (await fetch(`${open}/metrics`)).text()).toContain('http_request_duration_seconds_count{method="GET",route="/v1/needs/:id/matches",status="404"} 1');
  });

  it('wants the token when METRICS_TOKEN is set', async () => {
    expect((await fetch(`${guarded}/metrics`)).status).toBe(401);
    expect((await fetch(`${guarded}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-same-len' } })).status).toBe(401);
    const ok = await fetch(`${guarded}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('index_resources');
  });
});
