// The one place that turns errors into HTTP responses. Shape: {"error":{"code","message","fields":[{path,message,line?}]}}.
import type { ErrorRequestHandler } from 'express';
import { AppError, ERROR_CODES, RateLimitedError } from '../errors.js';
import type { Logger } from '../log.js';

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof AppError) {
      if (err instanceof RateLimitedError) res.set('Retry-After', String(err.retryAfterSeconds));
      if (err.code === 'unauthorized') res.set('WWW-Authenticate', 'Bearer');
      res.status(ERROR_CODES[err.code].status).json({ error: { code: err.code, message: err.message, fields: err.fields } });
      return;
    }
    // express.json() failures: malformed JSON or a body over the limit.
    if (err && typeof err === 'object' && 'type' in err && typeof err.status === 'number' && err.status < 500) {
      const message = err.type === 'entity.parse.failed' ? 'the body is not valid JSON' : err.type === 'entity.too.large' ? 'the body is too large' : String(err.message);
      res.status(err.status).json({ error: { code: 'validation_failed', message, fields: [{ path: '(body)', message }] } });
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: ERROR_CODES.internal.message, fields: [] } });
  };
}
