// The one place that turns errors into HTTP responses. Shape: {"error":{"code","message","fields":[{path,message,line?}]}}.
import type { ErrorRequestHandler, Response } from 'express';
import { dbFailure } from '../db/errors.js';
import { AppError, ERROR_CODES, RateLimitedError } from '../errors.js';
import type { Logger } from '../log.js';

/** What a client waits before trying again while the database is out of reach. */
export const RETRY_AFTER_S = 5;

/** 503 with Retry-After: the database is out of reach, or did not answer in time. */
export function sendUnavailable(res: Response, message: string = ERROR_CODES.unavailable.message): void {
  res.set('Retry-After', String(RETRY_AFTER_S)).status(503).json({ error: { code: 'unavailable', message, fields: [] } });
}

export function errorHandler(appLog: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // The request's own logger carries its id.
    const log = (req as { log?: Logger }).log ?? appLog;
    // Answered already (the request's deadline passed while it waited): nothing more can be said to the client.
    if (res.headersSent) {
      log.warn({ err: dbFailure(err) ?? err }, 'error after the answer was sent');
      return;
    }
    if (err instanceof AppError) {
      if (err instanceof RateLimitedError) res.set('Retry-After', String(err.retryAfterSeconds));
      if (err.code === 'unauthorized') res.set('WWW-Authenticate', 'Bearer');
      res.status(ERROR_CODES[err.code].status).json({ error: { code: err.code, message: err.message, fields: err.fields } });
      return;
    }
    // What express and its body parsers refuse before a route runs: malformed JSON, a body over the limit, a body
    // that is not in the Content-Encoding it claims, a path that is not valid URL encoding.
    if (err && typeof err === 'object' && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      const [path, message] =
        err instanceof URIError ? ['(path)', 'the path is not valid URL encoding']
        : err.type === 'entity.parse.failed' ? ['(body)', 'the body is not valid JSON']
        : err.type === 'entity.too.large' ? ['(body)', 'the body is too large']
        : err.type === 'encoding.unsupported' ? ['(body)', 'the body\'s Content-Encoding is not supported']
        : ['(body)', 'the body cannot be read as sent (check its Content-Encoding and charset)'];
      res.status(err.status === 413 || err.status === 415 ? err.status : 400).json({ error: { code: 'validation_failed', message, fields: [{ path, message }] } });
      return;
    }
    const db = dbFailure(err);
    if (db?.kind === 'unavailable') {
      log.warn({ reason: db.reason }, 'database unavailable');
      sendUnavailable(res);
      return;
    }
    if (db?.kind === 'unique') {
      // Checked before every write; this is the rare race two writers run into at once.
      const path = db.constraint?.includes('credit_code') ? 'creditCode' : db.constraint?.includes('external_id') ? 'externalId' : '(body)';
      res.status(409).json({ error: { code: 'conflict', message: ERROR_CODES.conflict.message, fields: [{ path, message: 'already registered' }] } });
      return;
    }
    if (db?.kind === 'invalid') {
      res.status(400).json({ error: { code: 'validation_failed', message: ERROR_CODES.validation_failed.message, fields: [{ path: '(body)', message: `a value the database cannot hold: ${db.reason}` }] } });
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: ERROR_CODES.internal.message, fields: [] } });
  };
}
