import { chromium, type Browser } from 'playwright-core';

/** Headless Chromium as the e2e tests drive it (CHROMIUM_PATH, or Debian's). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // This machine's network is closed: without these Chromium keeps trying to reach Google at start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
