// What a new user meets: the server's entry point (src/main.ts, run as one node process with tsx as its loader) on
// an empty DATA_DIR seeds the demo corpus, /healthz turns 200, and the sweater need from the brief finds textile
// testing or R&D first, with explanations. Then SIGTERM stops it cleanly.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/database.js';
import { spawnScript, stop } from '../helpers/processes.js';

describe('the server (node --import tsx src/main.ts) on an empty data directory', () => {
  const data = tempDataDir('start');
  let child: ChildProcess;
  let base: string;
  let output = '';

  beforeAll(async () => {
    // PORT=0: the server takes a free port and logs it, so no other process can take it between pick and bind.
    child = spawnScript('src/main.ts', { PORT: '0', DATA_DIR: data.dir, LOG_LEVEL: 'info' }, ['ignore', 'pipe', 'pipe']);
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

  it('stops cleanly on SIGTERM and leaves an index snapshot', async () => {
    expect(await stop(child, 'SIGTERM')).toBe(0);
    expect(existsSync(join(data.dir, 'index', 'resources.meta.json'))).toBe(true);
    expect(existsSync(join(data.dir, 'engine.lock'))).toBe(false);
  });
});
