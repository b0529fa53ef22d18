// Every request gets an id: the caller's X-Request-Id when it sends a sensible one (a proxy's or a portal's own, so
// one id follows a request through their logs and ours), else a new UUID. It goes back on every response, and
// every log line about the request carries it (req.log, errors included). The access log names method, path,
// status and time, never headers (they hold API keys) nor the query string (it may quote a need); probes are not
// logged.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** Printable ASCII without spaces, as proxies make them; anything else could forge log lines or flood them. */
const ACCEPTED_ID = /^[\x21-\x7e]{1,128}$/;
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

export function requestLog(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: requestId,
    autoLogging: { ignore: (req) => PROBES.has((req.url ?? '').split('?')[0]!) },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}
