// Reads a BEIR-layout directory: corpus.jsonl, queries.jsonl, qrels.tsv (header, graded scores). Optional
// fields map onto the engine's own; missing ones mean "unknown".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, INDUSTRIES, RESOURCE_KINDS } from '../domain/taxonomy.js';
import type { Judgements } from './metrics.js';

const doc = z.object({
  _id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().optional().default(''),
  text: z.string(),
  kind: z.enum(RESOURCE_KINDS).optional(),
  industries: z.array(z.enum(INDUSTRIES)).optional(),
  categories: z.array(z.enum(CATEGORIES)).optional(),
  region: z.string().optional(),
  voucherEligible: z.boolean().optional(),
  capacityPerMonth: z.number().int().nonnegative().optional(),
});
const query = z.object({
  _id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  industry: z.enum(INDUSTRIES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.string().optional(),
  wantsVoucher: z.boolean().optional(),
});
export type BeirDoc = z.infer<typeof doc>;
export type BeirQuery = z.infer<typeof query>;

export interface BeirSet {
  corpus: BeirDoc[];
  queries: BeirQuery[];
  qrels: Map<string, Judgements>;
}

function jsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, i }) => {
      const r = schema.safeParse(JSON.parse(line));
      if (!r.success) throw new Error(`${path}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
      return r.data;
    });
}

export function readBeir(dir: string): BeirSet {
  const qrels = new Map<string, Judgements>();
  const lines = readFileSync(join(dir, 'qrels.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  for (const line of lines.slice(1)) {
    const [q, d, s] = line.split('\t');
    if (!q || !d) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, Number(s ?? 1));
  }
  return { corpus: jsonl(join(dir, 'corpus.jsonl'), doc), queries: jsonl(join(dir, 'queries.jsonl'), query), qrels };
}
