// Matches by need id read the need and its vector from memory once read, and never serve what the need no longer
// is: a vector only for the text it was made from, a row only until a write changes or removes the need.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import { needs } from '../../src/db/schema.js';
import { localDate } from '../../src/domain/deadline.js';
import { countingEmbedder } from '../../src/embedding/counting-embedder.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createLogger } from '../../src/log.js';
import { getNeedVector } from '../../src/repositories/embedding.repository.js';
import { needsByExternalId } from '../../src/repositories/need.repository.js';
import { deleteEnterprise } from '../../src/services/enterprises.js';
import { importNdjson } from '../../src/services/import.js';
import { matchNeed } from '../../src/services/match-need.js';
import { deleteNeed, updateNeed } from '../../src/services/needs.js';
import { tempDataDir } from '../helpers/database.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');

describe('stored needs in memory', () => {
  const data = tempDataDir('stored-needs');
  let engine: Engine;
  const idOf = async (externalId: string) => (await needsByExternalId(engine.ctx.db, null, [externalId]))[0]!.id;
  const matchText = async (id: number) => (await matchNeed({ ctx: engine.ctx, actor: SYSTEM, input: { needId: id, limit: 3 } })).need.text;

  beforeAll(async () => {
    engine = await createEngine({ config: { dataDir: data.dir, databaseUrl: undefined }, log: createLogger('silent'), embedder: await countingEmbedder() });
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
  });
  afterAll(async () => {
    await engine?.close();
    data.remove();
  });

  it('serves the row and the stored vector from memory until a write changes the need, then the new ones', async () => {
    const { db, storedNeeds, matcher } = engine.ctx;
    const id = await idOf('need-shrink');
    const first = (await storedNeeds.get(db, id, matcher.modelId))!;
    expect(first.vector).toEqual((await getNeedVector(db, id))!.vector);
    const again = (await storedNeeds.get(db, id, matcher.modelId))!;
    // The same objects: nothing was read from the database.
    expect(again.row).toBe(first.row);
    expect(again.vector).toBe(first.vector);
    // A write behind the engine's back is not seen while the row is held...
    await db.update(needs).set({ title: '改在库里的标题' }).where(eq(needs.id, id));
    expect((await storedNeeds.get(db, id, matcher.modelId))!.row.title).toBe(first.row.title);
    // ...a write through the engine is, with the vector of its new text.
    await updateNeed({ ctx: engine.ctx, actor: SYSTEM, id, input: { description: '羊毛衫起球严重，想找检测机构' } });
    const changed = (await storedNeeds.get(db, id, matcher.modelId))!;
    expect(changed.row.description).toBe('羊毛衫起球严重，想找检测机构');
    expect(changed.vector).toEqual((await getNeedVector(db, id))!.vector);
    expect(changed.vector).not.toEqual(first.vector);
    expect(await matchText(id)).toContain('羊毛衫起球严重');
  });

  it('refuses to match a need past its deadline by id, until its deadline moves', async () => {
    const id = await idOf('need-rust');
    await updateNeed({ ctx: engine.ctx, actor: SYSTEM, id, input: { deadline: '2021-03-31' } });
    await expect(matchText(id)).rejects.toMatchObject({ code: 'conflict', fields: [{ path: 'deadline', message: 'has passed' }] });
    await updateNeed({ ctx: engine.ctx, actor: SYSTEM, id, input: { deadline: localDate() } });
    expect(await matchText(id)).toBeTruthy();
  });

  it('stops matching a need by id as soon as it, or its enterprise, is deleted', async () => {
    const rust = await idOf('need-rust');
    expect(await matchText(rust)).toBeTruthy();
    await deleteNeed({ ctx: engine.ctx, actor: SYSTEM, id: rust });
    await expect(matchText(rust)).rejects.toMatchObject({ code: 'not_found' });

    const shrink = (await needsByExternalId(engine.ctx.db, null, ['need-shrink']))[0]!;
    expect(await matchText(shrink.id)).toBeTruthy();
    await deleteEnterprise({ ctx: engine.ctx, actor: SYSTEM, id: shrink.enterpriseId });
    await expect(matchText(shrink.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
