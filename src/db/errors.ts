// What a database failure means for the caller, read off the driver's error (postgres.js, or PGlite; drizzle
// wraps both and keeps the original as `cause`): the database is out of reach (try again later), a uniqueness
// rule refused a row (a conflict), or a value the database cannot hold slipped past validation (bad input).

export type DbFailure =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'unique'; constraint: string | undefined }
  | { kind: 'invalid'; reason: string };

/** Driver error codes and SQLSTATE classes that mean the server cannot be reached or is going away. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'QUERY_TIMEOUT']);

function codeOf(err: unknown): { code: string | undefined; constraint: string | undefined; message: string } | undefined {
  for (let e = err as { code?: unknown; constraint_name?: unknown; constraint?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') {
      const constraint = typeof e.constraint_name === 'string' ? e.constraint_name : typeof e.constraint === 'string' ? e.constraint : undefined;
      return { code: e.code, constraint, message: String(e.message ?? '') };
    }
  }
  return undefined;
}

export function dbFailure(err: unknown): DbFailure | undefined {
  const c = codeOf(err);
  if (!c?.code) return undefined;
  if (UNREACHABLE.has(c.code) || c.code.startsWith('08') || c.code === '57P01' || c.code === '57P02' || c.code === '57P03' || c.code === '53300') {
    return { kind: 'unavailable', reason: c.code };
  }
  // 57014: canceled by statement_timeout, a server too slow to answer.
  if (c.code === '57014') return { kind: 'unavailable', reason: 'statement timeout' };
  if (c.code === '23505') return { kind: 'unique', constraint: c.constraint };
  // Class 22, data exceptions: a number out of range, an impossible date, a character text cannot hold.
  if (c.code.startsWith('22')) return { kind: 'invalid', reason: c.message };
  return undefined;
}
