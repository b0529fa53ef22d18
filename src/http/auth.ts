// Authentication, roles and rate limits for /v1: every request carries an API key ("Authorization: Bearer <key>"
// or "X-API-Key: <key>"); a route group names the least role it needs.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hasRole, type Actor, type Role } from '../auth/actor.js';
import { AppError, RateLimitedError } from '../errors.js';
import type { KeyResolver } from '../services/key-resolver.js';
import { RateLimiter } from './rate-limit.js';

export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('route mounted without authentication');
  return actor;
}

function keyOf(req: Request): string | undefined {
  const auth = req.get('authorization');
  if (auth) return /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  return req.get('x-api-key') ?? undefined;
}

export function authenticate(keys: () => KeyResolver, limiter = new RateLimiter()): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = keyOf(req);
    if (!key) return next(new AppError('unauthorized'));
    keys()
      .resolve(key)
      .then((resolved) => {
        if (!resolved) return next(new AppError('unauthorized', 'this API key is not valid: it is unknown or has been revoked'));
        const wait = limiter.take(resolved.actor.keyId!, resolved.ratePerMinute);
        if (wait > 0) return next(new RateLimitedError(wait, resolved.ratePerMinute));
        res.locals.actor = resolved.actor;
        next();
      }, next);
  };
}

export function requireRole(least: Role): RequestHandler {
  return (_req, res, next) => {
    const actor = actorOf(res);
    if (hasRole(actor, least)) return next();
    next(new AppError('forbidden', `this needs the ${least} role or higher; the key "${actor.name}" has the ${actor.role} role`));
  };
}
