// The schedules in the embedded mode (no Redis): the engine itself runs the nightly batch and the weekly
// retraining at their cron times, through the same job handlers as the queue workers, and /healthz shows when each
// runs next. Cron patterns of a few seconds stand in for 02:00 and Monday 03:00.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextRun } from '../../src/worker/scheduler.js';
import { tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');

describe('schedules without Redis', () => {
  let server: TestServer;
  /** When the registry's import was answered: a scheduled run started before it may have seen none of its needs. */
  let imported: Date;
  const data = tempDataDir('schedules');
  beforeAll(async () => {
    server = await startTestServer({
      dataDir: data.dir,
      batch: { cron: '*/3 * * * * *', tz: 'Asia/Shanghai', slack: 0.2, want: 3 },
      ranker: { cron: '*/4 * * * * *' },
    });
    expect((await server.call('POST', '/v1/import', registry, { type: 'application/x-ndjson' })).status).toBe(201);
    imported = new Date();
  });
  afterAll(async () => {
    await server?.close();
    data.remove();
  });

  it('computes the next run of a cron pattern in its time zone', () => {
    const from = new Date('2026-12-01T12:00:00Z'); // 20:00 in Shanghai
    expect(nextRun('0 2 * * *', 'Asia/Shanghai', from).toISOString()).toBe('2026-12-01T18:00:00.000Z'); // 02:00 on the 2nd
    expect(nextRun('0 3 * * 1', 'Asia/Shanghai', from).toISOString()).toBe('2026-12-06T19:00:00.000Z'); // Monday 7th, 03:00
  });

  it('shows both schedules with their next runs in /healthz', async () => {
    const health = (await server.call('GET', '/healthz')).body;
    expect(health.mode).toBe('in-process');
    expect(health.schedules).toHaveLength(2);
    for (const s of health.schedules) {
      expect(s).toMatchObject({ runsIn: 'this process', tz: 'Asia/Shanghai' });
      expect(new Date(s.next).getTime() - Date.now()).toBeLessThanOrEqual(5000);
    }
    expect(health.schedules.map((s: { name: string; cron: string }) => [s.name, s.cron])).toEqual([['nightly-batch', '*/3 * * * * *'], ['weekly-ranker', '*/4 * * * * *']]);
  });

  it('runs the batch and the retraining at their times, here', async () => {
    const run = await eventually('a scheduled batch run to complete', async () => {
      const runs = (await server.call('GET', '/v1/admin/batch-runs')).body.items as Array<{ trigger: string; status: string; startedAt: string; stats: { needs: number } }>;
      return runs.find((r) => r.trigger === 'schedule' && r.status === 'completed' && new Date(r.startedAt) > imported);
    }, 30_000);
    expect(run.stats.needs).toBe(2);
    expect((await server.call('GET', '/v1/review/pairings?status=suggested', undefined, { as: 'operator' })).body.total).toBeGreaterThan(0);
    const ranker = await eventually('a scheduled training', async () => (await server.call('GET', '/v1/admin/rankers')).body.items[0], 30_000);
    expect(ranker).toMatchObject({ status: 'rejected', reason: expect.stringContaining('too few decisions') });
  });
});
