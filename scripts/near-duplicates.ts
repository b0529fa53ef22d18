// npm run near-duplicates: how alike the demo corpus's resources read, from their stored vectors alone (no query):
// the cosine of copies of one offering listed by different institutions (services whose names differ only in the
// provider), beside that of distinct offerings of the same kind and category. What NEAR_DUPLICATE
// (src/match/diversify.ts) was set from. Uses bench:scale's database for one copy of the demo corpus (run
// `npm run bench:scale -- --resources 2565` first).
import { openDatabase } from '../src/db/client.js';
import { resourceEmbeddings, resources } from '../src/db/schema.js';
import { eq } from 'drizzle-orm';
import { quantile } from './lib/bench.js';
import { scaledDatabase } from './lib/scaled-corpus.js';

const database = await openDatabase({ dataDir: '', databaseUrl: await scaledDatabase(1) });
const rows = await database.db
  .select({ id: resources.id, kind: resources.kind, name: resources.name, categories: resources.categories, vector: resourceEmbeddings.vector })
  .from(resources)
  .innerJoin(resourceEmbeddings, eq(resourceEmbeddings.resourceId, resources.id));
await database.close();
if (rows.length === 0) throw new Error('no embedded demo corpus: run `npm run bench:scale -- --resources 2565` first');

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const offering = (name: string) => name.split('（')[0]!;
const copies: number[] = [];
const distinct: number[] = [];
const services = rows.filter((r) => r.kind === 'service');
for (let i = 0; i < services.length; i++) {
  for (let j = i + 1; j < services.length; j++) {
    const [a, b] = [services[i]!, services[j]!];
    if (offering(a.name) === offering(b.name)) copies.push(cos(a.vector, b.vector));
    else if (a.categories[0] === b.categories[0]) distinct.push(cos(a.vector, b.vector));
  }
}
const q = (xs: number[], p: number) => quantile(xs, p).toFixed(3);
console.log(`one offering, different institutions (${copies.length} pairs): min ${Math.min(...copies).toFixed(3)}, p05 ${q(copies, 0.05)}, p50 ${q(copies, 0.5)}`);
console.log(`distinct offerings, same category (${distinct.length} pairs): p50 ${q(distinct, 0.5)}, p99 ${q(distinct, 0.99)}, p99.9 ${q(distinct, 0.999)}, max ${Math.max(...distinct).toFixed(3)}`);
