// Authentication, roles and rate limits for /v1: every request carries an API key ("Authorization: Bearer <key>"
// or "X-API-Key: <key>"); a route group names the least role it needs. Failed attempts are limited per client
// address: past the limit an address's unknown keys are refused without a database lookup, while a portal's key
// already known to be valid keeps working from the same address.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hasRole, type Actor, type Role } from '../auth/actor.js';
import { AppError, RateLimitedError } from '../errors.js';
import type { KeyResolver, ResolvedKey } from '../services/key-resolver.js';
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

/** Unknown or revoked keys one client address may present in a minute (a burst of as many, then one a second). */
export const FAILED_AUTH_PER_MINUTE = 60;
const GUESSING = 'too many requests with unknown API keys from this address';

export function authenticate(keys: () => KeyResolver, limiter = new RateLimiter(), failures = new RateLimiter<string>()): RequestHandler {
  const refused = (address: string): AppError => {
    const wait = failures.take(address, FAILED_AUTH_PER_MINUTE);
    return wait > 0
      ? new RateLimitedError(wait, GUESSING)
      : new AppError('unauthorized', 'this API key is not valid: it is unknown or has been revoked');
  };
  const admit = (res: Response, next: NextFunction, resolved: ResolvedKey) => {
    const wait = limiter.take(resolved.actor.keyId!, resolved.ratePerMinute);
    if (wait > 0) return next(new RateLimitedError(wait, `this API key may make ${resolved.ratePerMinute} requests a minute`));
    res.locals.actor = resolved.actor;
    next();
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const key = keyOf(req);
    if (!key) return next(new AppError('unauthorized'));
    const address = req.ip ?? req.socket.remoteAddress ?? '';
    const wait = failures.wait(address, FAILED_AUTH_PER_MINUTE);
    // Past the limit only keys known to be valid are looked up (their cached answer may need refreshing).
    if (wait > 0 && !keys().cached(key)) return next(new RateLimitedError(wait, GUESSING));
    keys()
      .resolve(key)
      .then((resolved) => (resolved ? admit(res, next, resolved) : next(refused(address))), next);
  };
}

export function requireRole(least: Role): RequestHandler {
  return (_req, res, next) => {
    const actor = actorOf(res);
    if (hasRole(actor, least)) return next();
    next(new AppError('forbidden', `this needs the ${least} role or higher; the key "${actor.name}" has the ${actor.role} role`));
  };
}
