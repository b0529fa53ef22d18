// The operator page in a real browser (Debian's chromium through playwright-core): a portal key is refused;
// an operator filters the queue and approves a pairing with its button; another pairing is rejected from the
// keyboard with a reason; after a reload both decisions are there, with their history and charts. Each test opens
// a page of its own and signs in, so any one can run alone. Screenshots go to test-output/.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';
import { eventually } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const root = resolve(import.meta.dirname, '../..');
const output = resolve(root, 'test-output');
const registry = readFileSync(resolve(root, 'test/fixtures/small-registry.ndjson'), 'utf8');
/** Two loaded cores: a page waits for the API and for its bundle to be built on the first request. */
const poll = { timeout: 20_000 };

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
    browser = await launchChromium();
  });

  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await pg?.drop();
    data.remove();
  });

  const newPage = async () => (page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' }));
  const signIn = async (key: string) => {
    await page.goto(`${server.url}/review`);
    await page.fill('#login-key', key);
    await page.click('#login-form button[type=submit]');
  };
  const signInAsOperator = async () => {
    await newPage();
    await signIn(server.keys.operator);
    await page.locator('#queue-list li').first().waitFor({ timeout: poll.timeout });
  };
  const detailId = async () => Number(/#(\d+)/.exec((await page.locator('#detail h2').textContent()) ?? '')?.[1]);
  const queueIds = async () => page.locator('#queue-list li').evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.id)));
  const status = async (id: number) => (await server.call('GET', `/v1/review/pairings/${id}`)).body;

  it('refuses a portal key and signs in with an operator key', async () => {
    await newPage();
    await signIn(server.keys.portal);
    await expect.poll(() => page.locator('#login-error').textContent(), poll).toContain('需要运营人员');
    await page.fill('#login-key', server.keys.operator);
    await page.click('#login-form button[type=submit]');
    await page.locator('#queue-list li').first().waitFor({ timeout: poll.timeout });
    expect(await page.locator('#app').isVisible()).toBe(true);
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect(await page.locator('#reject-form').isVisible()).toBe(false);
  });

  it('filters the queue, approves a pairing with its button, and finds it approved after a reload', async () => {
    await signInAsOperator();
    await page.selectOption('#f-kind', 'equipment');
    await expect.poll(async () => {
      const kinds = await page.locator('#queue-list li .resource').allTextContents();
      return kinds.length > 0 && kinds.every((t) => t.includes('仪器设备'));
    }, poll).toBe(true);
    await page.locator('#queue-list li').first().click();
    await expect.poll(() => page.locator('#detail .explanation').textContent(), poll).toMatch(/语义相近/);
    expect(await page.locator('#detail .contact').first().textContent()).toContain('联系人');
    // One meter per score component, labelled and on its own range (availability runs from −1 to 0).
    const meters = await page.locator('#detail .component').evaluateAll((rows) =>
      rows.map((r) => ({ label: r.querySelector('span')!.textContent, key: (r.querySelector('meter') as HTMLMeterElement).dataset.component, min: (r.querySelector('meter') as HTMLMeterElement).min, max: (r.querySelector('meter') as HTMLMeterElement).max })),
    );
    expect(meters.map((m) => m.key)).toEqual(['semantic', 'lexical', 'category', 'industry', 'region', 'voucher', 'availability', 'feedback']);
    expect(meters.find((m) => m.key === 'availability')).toMatchObject({ min: -1, max: 0 });
    expect(meters.find((m) => m.key === 'feedback')).toMatchObject({ label: '运营反馈', min: -1, max: 1 });
    const approved = await detailId();
    expect(approved).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(output, 'review-before.png'), fullPage: true });
    await page.click('#detail button[data-to=approved]');
    await expect.poll(() => page.locator('#toast').textContent(), poll).toContain(`#${approved}`);
    await expect.poll(queueIds, poll).not.toContain(approved);
    expect((await status(approved)).status).toBe('approved');

    await page.reload();
    await page.locator('#queue-list li').first().waitFor({ timeout: poll.timeout });
    await page.selectOption('#f-status', 'approved');
    await expect.poll(queueIds, poll).toContain(approved);
    expect(await page.locator('#chart-daily rect.bar').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#chart-industry rect.rate').count()).toBeGreaterThanOrEqual(1);
  });

  it('keeps a rejection form open when an earlier, slower answer for the detail arrives', async () => {
    await newPage();
    // The detail the sign-in opens answers late; the operator has opened the pairing again meanwhile.
    let delayed = false;
    await page.route(/\/v1\/review\/pairings\/\d+$/, async (route) => {
      if (!delayed) {
        delayed = true;
        await new Promise((r) => setTimeout(r, 2500));
      }
      await route.continue();
    });
    await signIn(server.keys.operator);
    await page.locator('#queue-list li').first().waitFor({ timeout: poll.timeout });
    await page.locator('#queue-list li').first().click();
    await expect.poll(detailId, poll).toBeGreaterThan(0);
    await page.locator('#detail h2').click();
    await page.keyboard.press('r');
    await page.locator('#reject-form').waitFor({ state: 'visible', timeout: poll.timeout });
    await page.waitForTimeout(3000); // the late answer has come by now
    expect(delayed).toBe(true);
    expect(await page.locator('#reject-form').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('rejects a pairing from the keyboard with a reason, and shows it with its history after a reload', async () => {
    await signInAsOperator();
    await page.locator('#queue-list li').first().click();
    await expect.poll(detailId, poll).toBeGreaterThan(0);
    const rejected = await detailId();
    // Nothing the sign-in asked for is still on its way (the race of a late answer has a test of its own above).
    await page.waitForLoadState('networkidle');
    await page.locator('#detail h2').click(); // focus out of the filters so the shortcut reaches the page
    expect(await page.locator('#reject-form').isVisible()).toBe(false);
    await page.keyboard.press('r');
    await page.locator('#reject-form').waitFor({ state: 'visible', timeout: poll.timeout });
    await page.selectOption('#reject-reason', 'too_far');
    await page.fill('#reject-note', '企业在嵊州，设备在诸暨，往返不便');
    await page.click('#reject-confirm');
    await expect.poll(() => page.locator('#toast').textContent(), poll).toContain(`#${rejected}`);
    expect(await status(rejected)).toMatchObject({ status: 'rejected', reason: 'too_far', note: '企业在嵊州，设备在诸暨，往返不便' });

    await page.reload();
    await page.locator('#queue-list li').first().waitFor({ timeout: poll.timeout });
    await page.selectOption('#f-status', 'rejected');
    await expect.poll(queueIds, poll).toContain(rejected);
    await page.locator(`#queue-list li[data-id="${rejected}"]`).click();
    await expect.poll(() => page.locator('#detail .history').textContent(), poll).toContain('地域不便');
    expect(await page.locator('#chart-daily rect.bar').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: resolve(output, 'review-after.png'), fullPage: true });
  });
  it('opens a need with its candidates side by side and decides several of them in one submission', async () => {
    await signInAsOperator();
    await page.locator('#queue-list li').first().click();
    await page.locator('#detail #open-need').waitFor({ timeout: poll.timeout });
    const needId = Number(await page.locator('#detail #open-need').getAttribute('data-need'));
    await page.click('#detail #open-need');
    await page.locator('#detail table.candidates').waitFor({ timeout: poll.timeout });
    const before = (await server.call('GET', `/v1/review/needs/${needId}`)).body as { pairings: Array<{ id: number; status: string }> };
    const undecided = before.pairings.filter((p) => p.status === 'suggested');
    expect(undecided.length).toBeGreaterThanOrEqual(2);
    // One column per candidate, best first, with a row per score component.
    expect(await page.locator('#detail table.candidates thead th').count()).toBe(before.pairings.length + 1);
    expect(await page.locator('#detail table.candidates tbody th').allTextContents()).toEqual(expect.arrayContaining(['得分', '语义相近', '运营反馈', '推荐理由', '决定']));
    const [first, second] = [undecided[0]!, undecided[1]!];
    await page.selectOption(`#detail select.choice[data-pairing="${first.id}"]`, 'approved');
    await page.selectOption(`#detail select.choice[data-pairing="${second.id}"]`, 'rejected');
    await page.selectOption(`#detail select.reason[data-pairing="${second.id}"]`, 'resource_full');
    await page.screenshot({ path: resolve(output, 'review-need.png'), fullPage: true });
    await page.click('#submit-decisions');
    await expect.poll(() => page.locator('#toast').textContent(), poll).toContain('已提交 2 项决定');
    expect((await status(first.id)).status).toBe('approved');
    expect(await status(second.id)).toMatchObject({ status: 'rejected', reason: 'resource_full' });
    // The view redraws with the decisions made.
    await expect.poll(() => page.locator(`#detail select.choice[data-pairing="${second.id}"] option`).count(), poll).toBe(1);
  });
});
