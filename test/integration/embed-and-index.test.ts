// The embed-and-index processor on a job larger than it reads at a time (an import of 100,000 resources would
// otherwise bind more parameters than a query may): it goes chunk by chunk and adds their outcomes up.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { embedAndIndex } from '../../src/indexing/embed-and-index.js';
import { DELETED_KEY } from '../../src/indexing/index-key.js';
import { createLogger } from '../../src/log.js';
import { importNdjson } from '../../src/services/import.js';
import { tempDataDir } from '../helpers/database.js';
import { countingEmbedder, type CountingEmbedder } from '../../src/embedding/counting-embedder.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');

describe('embed-and-index in chunks', () => {
  const data = tempDataDir('embed-chunks');
  let engine: Engine;
  let embedder: CountingEmbedder;
  beforeAll(async () => {
    embedder = await countingEmbedder();
    engine = await createEngine({ config: { dataDir: data.dir, databaseUrl: undefined }, log: createLogger('silent'), embedder });
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
  });
  afterAll(async () => {
    await engine?.close();
    data.remove();
  });

  it('indexes every chunk, announces each, and adds their outcomes up', async () => {
    const ids = engine.index().dense.ids();
    expect(ids.length).toBeGreaterThan(5);
    const announced: number[][] = [];
    const progress: Array<[number, number]> = [];
    const before = embedder.counts.passages;
    const outcome = await embedAndIndex(
      { db: engine.ctx.db, embedder, resourcesChanged: async (changed) => void announced.push(changed) },
      { entity: 'resource', ids: [...ids, 999_999] },
      (done, total) => progress.push([done, total]),
      2,
    );
    expect(embedder.counts.passages - before).toBe(0); // every text has its current vector
    expect(outcome).toMatchObject({ embedded: 0, reused: ids.length, removed: 1 });
    expect(outcome.keys.size).toBe(ids.length + 1);
    expect(outcome.keys.get(999_999)).toBe(DELETED_KEY);
    expect(announced.every((a) => a.length <= 2)).toBe(true);
    expect(announced.flat()).toEqual([...ids, 999_999]);
    expect(progress.at(-1)).toEqual([ids.length + 1, ids.length + 1]);
  });
});
