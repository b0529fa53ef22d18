// A failed query is logged without the values it carried; other errors as pino logs them.
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { redactError } from '../../src/log.js';

const client = new PGlite();
const db = drizzle(client);
afterAll(() => client.close());

const SECRET = 'zhang.san@example.com 13800000000';

function logged(err: unknown): string {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
  pino({ serializers: { err: redactError } }, sink).error({ err }, 'failed');
  return out;
}

describe('error logs', () => {
  it('leave out the values of a failed query, in its message, its cause and the server’s message quoting one', async () => {
    await db.execute(sql`create table t (id int primary key, email text not null)`);
    await db.execute(sql`insert into t values (1, 'a')`);
    const failures = await Promise.all([
      db.execute(sql`insert into t values (1, ${SECRET})`).catch((e: unknown) => e), // unique violation
      db.execute(sql`select ${SECRET}::int`).catch((e: unknown) => e), // the server quotes the value
    ]);
    for (const err of failures) {
      expect(err).toBeInstanceOf(Error);
      expect(JSON.stringify(pino.stdSerializers.err(err as Error))).toContain('zhang.san'); // what pino alone would log
      const line = logged(err);
      expect(line).not.toContain('zhang.san');
      expect(line).not.toContain('13800000000');
      const entry = JSON.parse(line).err;
      expect(entry.message).toMatch(/^Failed query: .*\$1.*\nparams: \[redacted\]$/s);
      expect(entry.code).toMatch(/^(23505|22P02)$/);
      expect(entry.stack).toContain('    at ');
    }
  });

  it('keep everything of other errors', () => {
    const entry = JSON.parse(logged(new TypeError('x is not a function'))).err;
    expect(entry).toMatchObject({ type: 'TypeError', message: 'x is not a function' });
  });

  it('redact a failed query’s message logged as a string', () => {
    expect(redactError(`Failed query: select $1\nparams: ${SECRET}`)).toBe('Failed query: select $1\nparams: [redacted]');
  });
});
