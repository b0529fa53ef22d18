// The index is rebuilt from the database alone: a matching snapshot is loaded, one that does not match (a row
// deleted behind the engine's back, other HNSW parameters, a truncated or replaced file) is rebuilt instead, and
// texts changed behind the engine's back are re-embedded (and only they re-tokenised) at start. Unchanged texts never reach the model. Each
// test has a data directory of its own.
import { readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import { resources } from '../../src/db/schema.js';
import { resourceInput } from '../../src/domain/inputs.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createLogger } from '../../src/log.js';
import { findResourceByExternalId, updateResource } from '../../src/repositories/resource.repository.js';
import { DEFAULT_HNSW } from '../../src/retrieval/dense-index.js';
import { importNdjson } from '../../src/services/import.js';
import { tempDataDir } from '../helpers/database.js';
import { countingEmbedder, type CountingEmbedder } from '../../src/embedding/counting-embedder.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');
const registryResources = registry.split('\n').filter((l) => l.includes('"type":"resource"')).length;
const log = createLogger('silent');
const pearlQuery = { text: '珍珠层太薄，光泽不好', wantsVoucher: false, filters: {}, limit: 1 };

describe('warm-up, snapshots and the content-hash skip', () => {
  const dirs: Array<{ dir: string; remove: () => void }> = [];
  let embedder: CountingEmbedder;
  beforeAll(async () => {
    embedder = await countingEmbedder();
  });
  afterAll(() => dirs.forEach((d) => d.remove()));

  /** A data directory holding the small registry, indexed and snapshotted by an engine that has been closed. */
  async function seededDir(label: string): Promise<string> {
    const data = tempDataDir(label);
    dirs.push(data);
    const engine = await open(data.dir);
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
    await engine.close();
    return data.dir;
  }
  const open = (dir: string, hnsw = DEFAULT_HNSW): Promise<Engine> => createEngine({ config: { dataDir: dir, databaseUrl: undefined }, log, embedder, hnsw });

  it('loads a matching snapshot, and re-embeds a text changed while no engine was running', async () => {
    const dir = await seededDir('warm');
    const second = await open(dir);
    expect(second.warmUp).toEqual({ source: 'snapshot', reembedded: 0, waiting: 0, handedOver: 0, tokenised: 0 });
    expect(second.index().size).toBe(registryResources);
    const row = (await findResourceByExternalId(second.ctx.db, null, 'exp-chen'))!;
    // Written straight to the table, as another tool would: no indexing follows.
    await updateResource(second.ctx.db, row.id, resourceInput.parse({ kind: 'expert', name: row.name, description: '珍珠养殖与珍珠层增厚技术专家', industries: ['pearl'], categories: ['rnd'], region: 'zhuji' }));
    const before = await second.matcher.match(pearlQuery);
    expect(before.matches[0]!.profile.name).not.toBe(row.name);
    await second.close();

    const third = await open(dir);
    expect(third.warmUp).toEqual({ source: 'snapshot', reembedded: 1, waiting: 0, handedOver: 0, tokenised: 1 });
    const after = await third.matcher.match(pearlQuery);
    expect(after.matches[0]!.profile.name).toBe(row.name);
    expect(after.matches[0]!.profile.industries).toEqual(['pearl']);
    await third.close();
  });

  it('rebuilds the index instead of loading a snapshot that no longer matches the database', async () => {
    const dir = await seededDir('warm-deleted');
    const first = await open(dir);
    const gone = (await findResourceByExternalId(first.ctx.db, null, 'eq-saltspray'))!;
    // Deleted behind the engine's back: the stored vectors' digest changes.
    await first.ctx.db.delete(resources).where(eq(resources.id, gone.id));
    await first.close();
    const second = await open(dir);
    expect(second.warmUp.source).toBe('rebuilt');
    expect(second.index().size).toBe(registryResources - 1);
    expect(second.index().dense.has(gone.id)).toBe(false);
    const rust = await second.matcher.match({ text: '盐雾试验 镀层耐腐蚀', wantsVoucher: false, filters: {}, limit: 10 });
    expect(rust.matches.map((m) => m.profile.id)).not.toContain(gone.id);
    await second.close();
  });

  it('rebuilds when the HNSW parameters changed', async () => {
    const dir = await seededDir('warm-params');
    const other = await open(dir, { ...DEFAULT_HNSW, m: 8 });
    expect(other.warmUp.source).toBe('rebuilt');
    expect(other.index().dense.params.m).toBe(8);
    await other.close();
    const back = await open(dir);
    expect(back.warmUp.source).toBe('rebuilt'); // the snapshot on disk now has m = 8
    await back.close();
    expect((await open(dir).then(async (e) => (await e.close(), e.warmUp))).source).toBe('snapshot');
  });

  it('rebuilds, and still starts, when the index file was truncated or replaced', async () => {
    const dir = await seededDir('warm-truncated');
    const file = join(dir, 'index', 'resources.hnsw');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const truncated = await open(dir);
    expect(truncated.warmUp.source).toBe('rebuilt');
    expect((await truncated.matcher.match(pearlQuery)).matches).toHaveLength(1);
    await truncated.close();
    // Same size, other bytes: the meta still matches, the file cannot be read.
    writeFileSync(file, Buffer.alloc(statSync(file).size, 7));
    const replaced = await open(dir);
    expect(replaced.warmUp.source).toBe('rebuilt');
    expect(replaced.index().size).toBe(registryResources);
    await replaced.close();
  });

  it('loads the graph, whose file holds the only copy of the vectors, with the same scores as rebuilding it from the database, and rebuilds when the ids file is damaged or gone', async () => {
    const dir = await seededDir('warm-ids');
    const query = { ...pearlQuery, limit: 10 };
    const scores = async (e: Engine) => (await e.matcher.match(query)).matches.map((m) => [m.profile.id, m.score, m.components.semantic]);
    const first = await open(dir);
    expect(first.warmUp.source).toBe('snapshot');
    const loaded = await scores(first);
    await first.close();
    const file = join(dir, 'index', 'resources.ids');
    const bytes = readFileSync(file);
    bytes[bytes.length - 2]! ^= 0x40; // one id, the size unchanged
    writeFileSync(file, bytes);
    const damaged = await open(dir);
    expect(damaged.warmUp.source).toBe('rebuilt');
    // Rebuilt from the database's vectors: the same scores to the last bit.
    expect(await scores(damaged)).toEqual(loaded);
    await damaged.close();
    rmSync(file);
    const gone = await open(dir);
    expect(gone.warmUp.source).toBe('rebuilt');
    await gone.close();
    expect((await open(dir).then(async (e) => (await e.close(), e.warmUp))).source).toBe('snapshot');
  });

  it('tokenises every text again, with the same results, when the saved words are damaged', async () => {
    const dir = await seededDir('warm-words');
    const first = await open(dir);
    const expected = await first.matcher.match({ ...pearlQuery, limit: 10 });
    await first.close();
    const file = join(dir, 'index', 'resources.words');
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(file, bytes);
    const damaged = await open(dir);
    expect(damaged.warmUp).toEqual({ source: 'snapshot', reembedded: 0, waiting: 0, handedOver: 0, tokenised: registryResources });
    const again = await damaged.matcher.match({ ...pearlQuery, limit: 10 });
    expect(again.matches.map((m) => [m.profile.id, m.score])).toEqual(expected.matches.map((m) => [m.profile.id, m.score]));
    await damaged.close();
    // The start rewrote them: the next one tokenises nothing.
    expect((await open(dir).then(async (e) => (await e.close(), e.warmUp))).tokenised).toBe(0);
  });

  it('sends only new or changed texts to the model: a re-import embeds nothing, one changed description one passage', async () => {
    const data = tempDataDir('warm-hash');
    dirs.push(data);
    const engine = await open(data.dir);
    try {
      const start = embedder.counts.passages;
      await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
      expect(embedder.counts.passages - start).toBe(registryResources);
      await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
      expect(embedder.counts.passages - start).toBe(registryResources);
      const changed = registry.replace('解决黄酒浑浊沉淀问题。', '解决黄酒浑浊沉淀和酸败问题。');
      expect(changed).not.toBe(registry);
      await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: changed });
      expect(embedder.counts.passages - start).toBe(registryResources + 1);
      // Only the text that changed has a new vector; matching sees it.
      const top = await engine.matcher.match({ text: '黄酒发酸', wantsVoucher: false, filters: {}, limit: 1 });
      expect(top.matches[0]!.profile.name).toBe('陈酿泉 高级工程师');
    } finally {
      await engine.close();
    }
  });

  it('refuses a second engine on the same embedded data directory', async () => {
    const data = tempDataDir('warm-lock');
    dirs.push(data);
    const engine = await open(data.dir);
    try {
      // Same process: simulate another live process by writing its pid into the lock.
      writeFileSync(resolve(data.dir, 'engine.lock'), String(process.ppid));
      await expect(open(data.dir)).rejects.toThrow(/in use by process/);
    } finally {
      await engine.close();
    }
  });
});
