// The demo corpus at province scale for the benchmarks: copies of it from consecutive seeds (about 2,565 resources
// and 800 needs each), in a database of their own on the local PostgreSQL server (BENCH_PG_ADMIN_URL, default the
// machine's), kept between runs because embedding is what takes the time: about 40 resources per second on two
// cores. bench:scale and bench:batch share these databases.
import postgres from 'postgres';
import { DEFAULT_SEED, generateSeedCorpus, type SeedCorpus } from '../../src/seed/corpus.js';

/** Resources in one copy of the demo corpus, about: N resources take ceil(N / this) copies. */
export const DEMO_RESOURCES = 2565;

const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `copies` demo corpora from consecutive seeds, their external ids kept apart. */
export function scaledCorpus(copies: number): SeedCorpus {
  const parts = Array.from({ length: copies }, (_, k) => {
    const c = generateSeedCorpus(DEFAULT_SEED + k);
    const tag = <T extends { externalId?: string }>(x: T): T => (k === 0 ? x : { ...x, externalId: `${x.externalId}-x${k}` });
    return { enterprises: c.enterprises.map(tag), resources: c.resources.map(tag), needs: c.needs.map(tag), offset: k * c.enterprises.length };
  });
  return {
    enterprises: parts.flatMap((p) => p.enterprises),
    resources: parts.flatMap((p) => p.resources),
    needs: parts.flatMap((p) => p.needs.map((n) => ({ ...n, enterpriseIndex: n.enterpriseIndex + p.offset }))),
  };
}

/** The URL of the benchmark database for this many copies, created empty if it does not exist. */
export async function scaledDatabase(copies: number): Promise<string> {
  const name = `sxm_bench_x${copies}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!exists) await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
