// /docs in Chromium with every request to anywhere but this server refused: the reference page renders the
// description (operations by tag, their summaries) from what the app serves itself.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { tempDataDir } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const output = resolve(import.meta.dirname, '../../test-output');

describe('the API reference page', () => {
  const data = tempDataDir('docs-page');
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(output, { recursive: true });
    server = await startTestServer({ dataDir: data.dir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    data.remove();
  });

  it('renders the operations offline', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.url}/docs`);
    // Each operation is a heading of the middle column, with its summary.
    await page.locator('h2', { hasText: 'Match a need in words, or a stored need by id, with filters' }).first().waitFor({ timeout: 30_000 });
    expect(await page.locator('h1', { hasText: 'Shaoxing service matching' }).count()).toBeGreaterThan(0);
    expect(await page.locator('h2', { hasText: 'Import NDJSON lines of enterprises, needs and resources' }).count()).toBe(1);
    await page.screenshot({ path: resolve(output, 'docs-page.png') });
    expect(errors).toEqual([]);
    // Whatever it would have fetched from elsewhere (web fonts), it renders without.
    expect(elsewhere.every((u) => /fonts\.(googleapis|gstatic)\.com/.test(u))).toBe(true);
    await page.close();
  });
});
