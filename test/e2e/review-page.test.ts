// The operator page in a real browser (Debian's chromium through playwright-core): sign in with an operator key,
// filter the queue, approve one pairing with a button, reject another from the keyboard with a reason, reload,
// and find both decisions kept. Screenshots go to test-output/.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const root = resolve(import.meta.dirname, '../..');
const output = resolve(root, 'test-output');
const registry = readFileSync(resolve(root, 'test/fixtures/small-registry.ndjson'), 'utf8');

describe('the operator page in a browser', () => {
  let server: TestServer;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let browser: Browser;
  let page: Page;
  const data = tempDataDir('review-page');

  beforeAll(async () => {
    mkdirSync(output, { recursive: true });
    pg = await freshPostgres('reviewpage');
    server = await startTestServer({ dataDir: data.dir, databaseUrl: pg.url });
    await server.call('POST', '/v1/import', registry, { type: 'application/x-ndjson' });
    const run = await server.call('POST', '/v1/admin/batch-runs', { want: 3 });
    await eventually('the batch run', async () => ((await server.call('GET', `/v1/admin/batch-runs/${run.body.id}`)).body.status === 'completed' ? true : undefined));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      // This machine's network is closed: without these Chromium keeps trying to reach Google at start.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  const detailId = async () => Number(/#(\d+)/.exec((await page.locator('#detail h2').textContent()) ?? '')?.[1]);
  const queueIds = async () => (await page.locator('#queue-list li').evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.id))));

  it('refuses a portal key and signs in with an operator key', async () => {
    await page.goto(`${server.url}/review`);
    await page.fill('#login-key', server.keys.portal);
    await page.click('#login-form button[type=submit]');
    await expect.poll(() => page.locator('#login-error').textContent()).toContain('需要运营人员');
    await page.fill('#login-key', server.keys.operator);
    await page.click('#login-form button[type=submit]');
    await page.locator('#queue-list li').first().waitFor();
    expect(await page.locator('#app').isVisible()).toBe(true);
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect(await page.locator('#reject-form').isVisible()).toBe(false);
  });

  let approved: number;
  let rejected: number;

  it('filters the queue and approves a pairing with its button', async () => {
    await page.selectOption('#f-kind', 'equipment');
    await expect.poll(async () => (await page.locator('#queue-list li .resource').allTextContents()).every((t) => t.includes('仪器设备'))).toBe(true);
    await page.locator('#queue-list li').first().click();
    await expect.poll(() => page.locator('#detail .explanation').textContent()).toMatch(/语义相近/);
    expect(await page.locator('#detail .contact').first().textContent()).toContain('联系人');
    approved = await detailId();
    await page.screenshot({ path: resolve(output, 'review-before.png'), fullPage: true });
    await page.click('#detail button[data-to=approved]');
    await expect.poll(() => page.locator('#toast').textContent()).toContain(`#${approved}`);
    await expect.poll(queueIds).not.toContain(approved);
  });

  it('rejects the next pairing from the keyboard with a reason', async () => {
    await page.selectOption('#f-kind', '');
    await page.locator('#queue-list li').first().waitFor();
    await page.locator('#queue-list li').first().click();
    await expect.poll(detailId).toBeGreaterThan(0);
    rejected = await detailId();
    await page.locator('#detail h2').click(); // focus out of the filters so the shortcut reaches the page
    expect(await page.locator('#reject-form').isVisible()).toBe(false);
    await page.keyboard.press('r');
    await page.locator('#reject-form').waitFor({ state: 'visible' });
    await page.selectOption('#reject-reason', 'too_far');
    await page.fill('#reject-note', '企业在嵊州，设备在诸暨，往返不便');
    await page.click('#reject-confirm');
    await expect.poll(() => page.locator('#toast').textContent()).toContain(`#${rejected}`);
  });

  it('keeps both decisions across a reload, and charts them', async () => {
    await page.reload();
    await page.locator('#queue-list li').first().waitFor();
    await page.selectOption('#f-status', 'approved');
    await expect.poll(queueIds).toContain(approved);
    await page.selectOption('#f-status', 'rejected');
    await expect.poll(queueIds).toContain(rejected);
    await page.locator(`#queue-list li[data-id="${rejected}"]`).click();
    await expect.poll(() => page.locator('#detail .history').textContent()).toContain('地域不便');
    expect(await page.locator('#chart-daily rect.bar').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#chart-industry rect.rate').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: resolve(output, 'review-after.png'), fullPage: true });
    expect((await server.call('GET', `/v1/review/pairings/${approved}`)).body.status).toBe('approved');
    expect((await server.call('GET', `/v1/review/pairings/${rejected}`)).body).toMatchObject({ status: 'rejected', reason: 'too_far', note: '企业在嵊州，设备在诸暨，往返不便' });
  });
});
