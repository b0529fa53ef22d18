// Matches by need id read the need and its vector from memory, every need in service being read when the process
// starts, and never serve what the need no longer is: a vector only for the text it was made from, a row only until
// a write through the engine changes or removes the need, or the periodic comparison finds it changed behind its back.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eq, isNull } from 'drizzle-orm';
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

  const open = async () => createEngine({ config: { dataDir: data.dir, databaseUrl: undefined }, log: createLogger('silent'), embedder: await countingEmbedder() });

  beforeAll(async () => {
    engine = await open();
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
  });
  afterAll(async () => {
    await engine?.close();
    data.remove();
  });

  it('holds every need in service from the start, and serves the row and vector from memory', async () => {
    // A process started on a database with needs in it (the registry imported above).
    await engine.close();
    engine = await open();
    const { db, storedNeeds } = engine.ctx;
    const inService = (await db.select({ id: needs.id }).from(needs).where(isNull(needs.archivedAt))).length;
    expect(inService).toBeGreaterThan(0);
    expect(storedNeeds.size).toBe(inService);
    const id = await idOf('need-shrink');
    // Written behind the engine's back after the start: the first match does not see it, so it read nothing.
    const title = (await db.select({ title: needs.title }).from(needs).where(eq(needs.id, id)))[0]!.title;
    await db.update(needs).set({ title: '改在库里的标题', updatedAt: new Date() }).where(eq(needs.id, id));
    const first = (await storedNeeds.get(id))!;
    expect(first.row.title).toBe(title);
    expect(first.vector).toEqual((await getNeedVector(db, id))!.vector);
    const again = (await storedNeeds.get(id))!;
    expect(again.row).toBe(first.row);
    expect(again.vector).toBe(first.vector);
    // The periodic comparison with the database finds it; so it would after announcements were missed.
    await storedNeeds.catchUp();
    expect((await storedNeeds.get(id))!.row.title).toBe('改在库里的标题');
  });

  it('serves a write through the engine at once, with the vector of its new text', async () => {
    const { db, storedNeeds } = engine.ctx;
    const id = await idOf('need-shrink');
    const before = (await storedNeeds.get(id))!;
    await updateNeed({ ctx: engine.ctx, actor: SYSTEM, id, input: { description: '羊毛衫起球严重，想找检测机构' } });
    const changed = (await storedNeeds.get(id))!;
    expect(changed.row.description).toBe('羊毛衫起球严重，想找检测机构');
    expect(changed.vector).toEqual((await getNeedVector(db, id))!.vector);
    expect(changed.vector).not.toEqual(before.vector);
    expect(await matchText(id)).toContain('羊毛衫起球严重');
  });

  it('drops a need deleted behind the engine\'s back at the next comparison', async () => {
    const { db, storedNeeds } = engine.ctx;
    const id = await idOf('need-rust');
    expect(await storedNeeds.get(id)).toBeDefined();
    const size = storedNeeds.size;
    const row = (await db.select().from(needs).where(eq(needs.id, id)))[0]!;
    await db.delete(needs).where(eq(needs.id, id));
    try {
      await storedNeeds.catchUp();
      expect(storedNeeds.size).toBe(size - 1);
      expect(await storedNeeds.get(id)).toBeUndefined();
    } finally {
      await db.insert(needs).values(row);
      await storedNeeds.catchUp();
    }
    expect((await storedNeeds.get(id))!.row.title).toBe(row.title);
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
