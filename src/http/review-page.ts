// /review: the operator page, served by the same app. The browser code is TypeScript bundled by esbuild once,
// on first request, and kept in memory like the page and its CSS; the page holds no data and no key (it signs in
// over the API).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { Router } from 'express';

const DIR = resolve(import.meta.dirname, '../web/review');

async function bundle(): Promise<string> {
  const out = await build({ entryPoints: [resolve(DIR, 'review.ts')], bundle: true, write: false, format: 'esm', target: 'es2020', minify: true, charset: 'utf8', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

export function reviewPage(): Router {
  const r = Router();
  const html = readFileSync(resolve(DIR, 'index.html'), 'utf8');
  const css = readFileSync(resolve(DIR, 'review.css'), 'utf8');
  let script: Promise<string> | undefined;
  const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  r.get('/', (_req, res) => {
    res.set({ ...headers, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'" });
    res.send(html);
  });
  r.get('/review.css', (_req, res) => {
    res.set({ ...headers, 'content-type': 'text/css; charset=utf-8' }).send(css);
  });
  r.get('/review.js', async (_req, res, next) => {
    try {
      script ??= bundle();
      res.set({ ...headers, 'content-type': 'text/javascript; charset=utf-8' }).send(await script);
    } catch (err) {
      script = undefined;
      next(err);
    }
  });
  return r;
}
