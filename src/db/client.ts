// Opens the database: the real PostgreSQL server through the `postgres` driver when DATABASE_URL is set,
// otherwise an embedded PostgreSQL (PGlite) under DATA_DIR. Both run the same drizzle migrations.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A database handle or an open transaction: repositories accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export const CONNECT_TIMEOUT_S = 5;
export const STATEMENT_TIMEOUT_MS = 30_000;

/** Any constant number: the key of the advisory lock the migrating process holds. */
const MIGRATION_LOCK = 7_311_024;

const MIGRATIONS = resolve(import.meta.dirname, '../../drizzle');

export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(opts.databaseUrl, {
      max: 10,
      onnotice: () => {},
      // A server that is down or out of reach fails a request in seconds rather than holding it (answered 503);
      // a statement the server works on longer than this is cancelled, as is a transaction left idle.
      connect_timeout: CONNECT_TIMEOUT_S,
      connection: { statement_timeout: STATEMENT_TIMEOUT_MS, idle_in_transaction_session_timeout: 60_000 },
    });
    const db = drizzle(client, { schema });
    // Processes starting together (an API and its workers) migrate one after the other: a session lock on a
    // connection of its own, released when the migrations are in.
    const lock = await client.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migrate(db, { migrationsFolder: MIGRATIONS });
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
      lock.release();
    }
    return { db: db as unknown as Db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = join(opts.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}
