// What every /v1 request is checked for before a use case sees it: no NUL character anywhere in its query or body
// (PostgreSQL cannot store one in text, so it would fail as a 500 deep in a write), answered as a field-level 400
// naming where it is; responses that are never cached or sniffed; and a deadline, so that a database that stopped
// answering costs a client seconds and a 503 rather than a hung connection.
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';
import { AppError, ERROR_CODES, type FieldError } from '../errors.js';
import { sendUnavailable } from './errors.js';

const NUL = '\u0000';
const MESSAGE = 'must not contain the NUL character (\\u0000)';

/** Paths of the strings (and keys) under `value` that hold a NUL character. */
function nulPaths(value: unknown, path: string, out: FieldError[]): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes(NUL)) out.push({ path: path || '(body)', message: MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, path ? `${path}.${i}` : String(i), out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (k.includes(NUL)) out.push({ path: at, message: MESSAGE });
      nulPaths(v, at, out);
    }
  }
}

export function rejectNul(): RequestHandler {
  return (req, _res, next) => {
    const fields: FieldError[] = [];
    nulPaths(req.query, 'query', fields);
    if (typeof req.body === 'string') {
      // An NDJSON file: the lines that hold one.
      req.body.split('\n').forEach((line, i) => line.includes(NUL) && fields.push({ path: '(line)', message: MESSAGE, line: i + 1 }));
    } else nulPaths(req.body, '', fields);
    next(fields.length > 0 ? new AppError('validation_failed', 'the request is not valid', fields) : undefined);
  };
}

/** nosniff, no framing, no referrer and the rest of helmet's defaults for JSON answers; and never cached. */
export function apiHeaders(): RequestHandler[] {
  return [
    helmet({ contentSecurityPolicy: false }),
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
  ];
}

/** Answers 503 with Retry-After when a request has not been answered within `msFor(req)`. */
export function deadline(msFor: (req: Request) => number): RequestHandler {
  return (req, res, next) => {
    const ms = msFor(req);
    const timer = setTimeout(() => {
      if (!res.headersSent) sendUnavailable(res, `no answer within ${ms / 1000} s: ${ERROR_CODES.unavailable.message}`);
    }, ms);
    const done = () => clearTimeout(timer);
    res.once('finish', done).once('close', done);
    next();
  };
}
