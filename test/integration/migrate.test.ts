// Processes started together on a new database (an API and its workers) migrate it one after the other.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { freshPostgres, tempDataDir } from '../helpers/database.js';

const journal = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../drizzle/meta/_journal.json'), 'utf8')) as { entries: unknown[] };

describe('migrations', () => {
  const data = tempDataDir('migrate');
  afterAll(() => data.remove());

  it('are applied once when several processes open a new database at the same moment', async () => {
    const pg = await freshPostgres('migrate');
    try {
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: pg.url, dataDir: data.dir })));
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      const first = (opened[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof openDatabase>>>).value;
      const applied = (await first.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as Array<{ n: number }>;
      expect(applied[0]!.n).toBe(journal.entries.length);
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
    } finally {
      await pg.drop();
    }
  });
});
