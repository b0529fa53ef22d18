// What a new user meets: `npm start` on an empty DATA_DIR seeds the demo corpus, /healthz turns 200, and the
// sweater need from the brief finds textile testing or R&D first, with explanations. Then SIGTERM to npm's PID
// (what systemd, a container runtime or a process manager sends) stops the server: the port is free within 10 s
// and nothing of it runs on.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/database.js';
import { groupAlive, spawnNpm, stop } from '../helpers/processes.js';

describe('npm start on an empty data directory', () => {
  const data = tempDataDir('start');
  let child: ChildProcess;
  let base: string;
  let output = '';

  beforeAll(async () => {
    // PORT=0: the server takes a free port and logs it, so no other process can take it between pick and bind.
    child = spawnNpm('start', { PORT: '0', DATA_DIR: data.dir, LOG_LEVEL: 'info' }, ['ignore', 'pipe', 'pipe']);
    child.stdout!.on('data', (b) => (output += b));
    child.stderr!.on('data', (b) => (output += b));
    const deadline = Date.now() + 540_000;
    let sawStarting = false;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      const port = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output)?.[1];
      if (Date.now() > deadline) throw new Error(`server not ready in time:\n${output.slice(-2000)}`);
      if (!port) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      base = `http://127.0.0.1:${port}`;
      const res = await fetch(`${base}/healthz`).catch(() => undefined);
      if (res?.status === 503) sawStarting = true;
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(sawStarting).toBe(true);
  }, 600_000);

  afterAll(() => data.remove());

  // The first start prints an admin key, once.
  const adminKey = () => /sxm_admin_[A-Za-z0-9_-]+/.exec(output)?.[0];

  it('serves the seeded demo corpus', async () => {
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health.resources).toBeGreaterThanOrEqual(2000);
    expect(adminKey()).toBeDefined();
    const needs = await (await fetch(`${base}/v1/needs?pageSize=1`, { headers: { authorization: `Bearer ${adminKey()}` } })).json();
    expect(needs.total).toBe(800);
    expect(output).toMatch(/seed: embedding resources\] \d+\/\d+/);
    // With no Redis the nightly batch and the weekly retraining run in this process; it says when.
    expect(output).toMatch(/"msg":"schedules run in this process"/);
    expect(health.schedules.map((s: { name: string; runsIn: string }) => `${s.name} ${s.runsIn}`)).toEqual(['nightly-batch this process', 'weekly-ranker this process']);
    const shanghai = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    expect(shanghai(health.schedules[0].next)).toMatch(/ 02:00$/);
    expect(shanghai(health.schedules[1].next)).toBe('Mon 03:00');
  });

  it('matches the sweater need to textile testing or R&D first, explained', async () => {
    expect((await fetch(`${base}/v1/match`, { method: 'POST' })).status).toBe(401);
    const res = await fetch(`${base}/v1/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey()}` },
      body: JSON.stringify({ text: '我们做的羊毛衫洗两次就缩水变形，想找人查原因、改工艺', limit: 5 }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.inferred.industries[0].code).toBe('textile');
    for (const m of body.matches.slice(0, 3)) {
      expect(m.resource.industries).toContain('textile');
      expect(m.resource.categories.some((c: string) => c === 'testing' || c === 'rnd')).toBe(true);
      expect(m.explanation).toMatch(/^语义相近 \d\.\d\d；/);
    }
  });

  it('stops on SIGTERM to npm’s PID: the port is freed within 10 s, a snapshot is left, nothing runs on', async () => {
    const started = Date.now();
    const code = await stop(child, 'SIGTERM');
    expect(code).toBe(0);
    // The server's own process may outlive npm by the time it takes to close in order.
    for (let i = 0; i < 100 && groupAlive(child); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive(child)).toBe(false);
    expect(await fetch(`${base}/healthz`).then(() => 'answered', () => 'refused')).toBe('refused');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(join(data.dir, 'index', 'resources.meta.json'))).toBe(true);
    expect(existsSync(join(data.dir, 'engine.lock'))).toBe(false);
  });
});
