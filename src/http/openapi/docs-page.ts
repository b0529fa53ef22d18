// /openapi.json and /docs: the description, and a reference page to read it by (Redoc's standalone bundle, served
// from this app, so the page works offline). Both open, like /healthz: they say what the API is, not what it holds.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { openApiDocument } from './document.js';

const REDOC = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
const PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>绍兴产业创新服务综合体 服务匹配 API</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/docs/redoc.standalone.js"></script></body>
</html>`;

export function apiDescription(): Router {
  const r = Router();
  let doc: string | undefined;
  let redoc: string | undefined;
  r.get('/openapi.json', (_req, res) => {
    doc ??= JSON.stringify(openApiDocument());
    res.set({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }).send(doc);
  });
  r.get('/docs', (_req, res) => {
    // Redoc styles with inline styles and renders its search in a worker made from a blob.
    res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'" });
    res.send(PAGE);
  });
  r.get('/docs/redoc.standalone.js', (_req, res) => {
    redoc ??= readFileSync(REDOC, 'utf8');
    res.set({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' }).send(redoc);
  });
  return r;
}
