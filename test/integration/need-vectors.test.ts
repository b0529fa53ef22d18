// Matches by need id read the need's stored vector from memory, and never a vector of a text the need no longer
// has: the cache serves an entry only for the text it was made from.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createLogger } from '../../src/log.js';
import { getNeedVector } from '../../src/repositories/embedding.repository.js';
import { getNeed, needsByExternalId } from '../../src/repositories/need.repository.js';
import { importNdjson } from '../../src/services/import.js';
import { updateNeed } from '../../src/services/needs.js';
import { tempDataDir } from '../helpers/database.js';
import { countingEmbedder } from '../../src/embedding/counting-embedder.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');

describe('stored needs’ vectors in memory', () => {
  const data = tempDataDir('need-vectors');
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ config: { dataDir: data.dir, databaseUrl: undefined }, log: createLogger('silent'), embedder: await countingEmbedder() });
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
  });
  afterAll(async () => {
    await engine?.close();
    data.remove();
  });

  it('serves the stored vector from memory until the need’s text changes, then the new one', async () => {
    const { db, needVectors, matcher } = engine.ctx;
    const [need] = await needsByExternalId(db, null, ['need-shrink']);
    if (!need) throw new Error('the registry has no need-shrink');
    const first = await needVectors.current(db, need, matcher.modelId);
    expect(first).toEqual((await getNeedVector(db, need.id))!.vector);
    expect(await needVectors.current(db, need, matcher.modelId)).toBe(first); // the same array: no database read
    await updateNeed({ ctx: engine.ctx, actor: SYSTEM, id: need.id, input: { description: '羊毛衫起球严重，想找检测机构' } });
    const changed = (await getNeed(db, need.id))!;
    const second = await needVectors.current(db, changed, matcher.modelId);
    expect(second).toEqual((await getNeedVector(db, need.id))!.vector);
    expect(second).not.toEqual(first);
    // The old row's text no longer has a stored vector: nothing is served for it.
    expect(await needVectors.current(db, need, matcher.modelId)).toBeUndefined();
  });
});
