// Gives each test run its own namespace on the real PostgreSQL server: files create databases named with the
// run's prefix (see helpers/database.ts), and whatever is left at the end is dropped here.
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = `sxm_test_${process.pid}_${Date.now().toString(36)}`;
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgPrefix', prefix);
  return async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      const left = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + '%'}`;
      for (const { datname } of left) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    } finally {
      await admin.end();
    }
  };
}
