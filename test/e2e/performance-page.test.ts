// The operator page's performance section (绩效) in Chromium, on part of the demo corpus (every 8th resource, every
// 6th need, all enterprises) after a batch run and some decisions. Needs are spread over the last three months
// (their registration moved back by 0, 1 or 2 months) so the charts have history to draw. Its figures must be the
// API's, a complex narrows them, and the CSV download is the export with its BOM. Screenshot in test-output/.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../../src/db/schema.js';
import { generateSeedCorpus } from '../../src/seed/corpus.js';
import { seedDemoCorpus } from '../../src/services/seed-demo.js';
import { launchChromium } from '../helpers/browser.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const output = resolve(import.meta.dirname, '../../test-output');
const poll = { timeout: 20_000 };

interface Row {
  month: string;
  complex: string | null;
  needsRegistered: number;
  approved: number;
}

describe('the performance section of the operator page', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let browser: Browser;
  let page: Page;
  const data = tempDataDir('performance-page');
  const op = { as: 'operator' as const };

  beforeAll(async () => {
    mkdirSync(output, { recursive: true });
    pg = await freshPostgres('perfpage');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    const demo = generateSeedCorpus();
    await seedDemoCorpus({ ctx: server.engine.ctx, corpus: { enterprises: demo.enterprises, resources: demo.resources.filter((_, i) => i % 8 === 0), needs: demo.needs.filter((_, i) => i % 6 === 0) } });
    await server.engine.database.db.update(needs).set({ createdAt: sql`${needs.createdAt} - make_interval(months => ${needs.id} % 3)` });
    const run = await server.call('POST', '/v1/admin/batch-runs', { want: 3 });
    await eventually('the batch run', async () => ((await server.call('GET', `/v1/admin/batch-runs/${run.body.id}`)).body.status === 'completed' ? true : undefined), 120_000);
    const queue = (await server.call('GET', '/v1/review/pairings?status=suggested&pageSize=40', undefined, op)).body.items as Array<{ id: number }>;
    expect(queue.length).toBe(40);
    const decide = (id: number, body: object) => server.call('POST', `/v1/review/pairings/${id}/decisions`, body, op);
    for (const [i, p] of queue.entries()) {
      if (i < 24) {
        await decide(p.id, { status: 'approved' });
        if (i % 3 === 0) await decide(p.id, { status: 'contacted' });
        if (i % 4 === 0) await decide(p.id, { status: 'completed' });
      } else await decide(p.id, { status: 'rejected', reason: i % 2 ? 'not_relevant' : 'too_far' });
    }
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  it('charts and tabulates the API’s figures, narrows them to a complex, and downloads the CSV', async () => {
    const api = (await server.call('GET', '/v1/review/performance', undefined, op)).body as { months: string[]; rows: Row[]; totals: Row[] };
    const thisMonth = api.months.at(-1)!;
    const recent = api.totals.slice(-3);
    expect(recent.every((t) => t.needsRegistered > 0)).toBe(true);
    expect(api.totals.reduce((s, t) => s + t.approved, 0)).toBe(24);

    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    await page.goto(`${server.url}/review`);
    await page.fill('#login-key', server.keys.operator);
    await page.click('#login-form button[type=submit]');
    await page.locator('#perf-table tbody tr').first().waitFor({ timeout: poll.timeout });
    expect(await page.locator('#perf-table tbody tr').count()).toBe(12);
    const cells = async (month: string) => page.locator(`#perf-table tbody tr[data-month="${month}"] td`).allTextContents();
    const now = await cells(thisMonth);
    expect(Number(now[1])).toBe(api.totals.at(-1)!.needsRegistered);
    expect(Number(now[3])).toBe(api.totals.at(-1)!.approved);
    // Three months of registrations: three groups of columns.
    const months = await page.locator('#chart-needs rect.bar[data-series=needsRegistered]').evaluateAll((bars) => bars.map((b) => (b as SVGElement).dataset.month));
    expect(months).toEqual(recent.map((t) => t.month));
    expect(await page.locator('#chart-decisions rect.bar').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#chart-use rect.use').count()).toBeGreaterThanOrEqual(1);
    await page.locator('#performance').scrollIntoViewIfNeeded();
    await page.locator('#performance').screenshot({ path: resolve(output, 'performance.png') });

    // One complex: its own rows.
    const textile = api.rows.filter((r) => r.complex === 'textile').at(-1)!;
    await page.selectOption('#p-complex', 'textile');
    await expect.poll(async () => Number((await cells(thisMonth))[1]), poll).toBe(textile.needsRegistered);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#perf-csv')]);
    expect(download.suggestedFilename()).toBe('performance.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^月份,综合体,/);
    expect(lines).toHaveLength(13);
    expect(lines.every((l, i) => i === 0 || l.includes('textile'))).toBe(true);
  });
});
