// Gives each test run its own namespace on the real PostgreSQL server: files create databases named with the
// run's prefix (see helpers/database.ts), and whatever is left at the end is dropped here. Processes the tests
// start are recorded in a registry (helpers/processes.ts); any still alive at the end, because a test process
// crashed before it could stop them, are killed here and named.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgPrefix: string;
    childRegistry: string;
  }
}

function sweepChildren(registry: string): string[] {
  const left: string[] = [];
  for (const name of readdirSync(registry)) {
    const pid = Number(name);
    try {
      process.kill(-pid, 0);
      left.push(`${pid}: ${readFileSync(join(registry, name), 'utf8')}`);
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left;
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = `sxm_test_${process.pid}_${Date.now().toString(36)}`;
  const registry = join(tmpdir(), `${prefix}_children`);
  mkdirSync(registry, { recursive: true });
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgPrefix', prefix);
  project.provide('childRegistry', registry);
  return async () => {
    const left = sweepChildren(registry);
    rmSync(registry, { recursive: true, force: true });
    if (left.length > 0) console.error(`[teardown] killed processes the tests left running:\n  ${left.join('\n  ')}`);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      const dbs = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + '%'}`;
      for (const { datname } of dbs) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    } finally {
      await admin.end();
    }
  };
}
