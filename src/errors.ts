// One table of error codes; src/http/errors.ts is the one place that turns them into HTTP responses.
import type { z } from 'zod';

export const ERROR_CODES = {
  validation_failed: { status: 400, message: 'the request is not valid' },
  unauthorized: { status: 401, message: 'an API key is required: send it as "Authorization: Bearer <key>"' },
  forbidden: { status: 403, message: 'this API key may not do that' },
  not_found: { status: 404, message: 'no such record' },
  conflict: { status: 409, message: 'the request conflicts with stored data' },
  rate_limited: { status: 429, message: 'too many requests' },
  not_ready: { status: 503, message: 'the engine is not ready to match yet' },
  unavailable: { status: 503, message: 'the database is unavailable; try again shortly' },
  internal: { status: 500, message: 'internal error' },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** A problem with one field of the input: `path` is where (e.g. "resources.3.region" or "line 12: name"). */
export interface FieldError {
  path: string;
  message: string;
  /** For file imports: the 1-based line the problem is on. */
  line?: number;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** 429 with the seconds to wait, which the HTTP layer sends as Retry-After. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number, what: string) {
    super('rate_limited', `${what}; try again in ${retryAfterSeconds} s`);
  }
}

export function fieldErrorsOf(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

export function validationError(error: z.ZodError, prefix = ''): AppError {
  return new AppError('validation_failed', ERROR_CODES.validation_failed.message, fieldErrorsOf(error, prefix));
}

export function notFound(what: string, id: number | string): AppError {
  return new AppError('not_found', `${what} ${id} does not exist`);
}
