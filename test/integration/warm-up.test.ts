// The index is rebuilt from the database alone: a matching snapshot is loaded, a stale one is not, and texts
// changed behind the engine's back are re-embedded at start.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/actor.js';
import { createEngine } from '../../src/engine.js';
import { createLogger } from '../../src/log.js';
import { findResourceByExternalId, updateResource } from '../../src/repositories/resource.repository.js';
import { importNdjson } from '../../src/services/import.js';
import { resourceInput } from '../../src/domain/inputs.js';
import { tempDataDir } from '../helpers/database.js';

const registry = readFileSync(resolve(import.meta.dirname, '../fixtures/small-registry.ndjson'), 'utf8');
const log = createLogger('silent');

describe('warm-up and snapshots', () => {
  const data = tempDataDir('warm');
  const open = () => createEngine({ config: { dataDir: data.dir, databaseUrl: undefined }, log });
  afterAll(() => data.remove());

  it('loads a matching snapshot, and re-embeds a text changed while no engine was running', async () => {
    const first = await open();
    expect(first.warmUp.source).toBe('rebuilt');
    const report = await importNdjson({ ctx: first.ctx, actor: SYSTEM, text: registry });
    expect(report.resources.created).toBe(8);
    await first.close();

    const second = await open();
    expect(second.warmUp).toEqual({ source: 'snapshot', reembedded: 0 });
    expect(second.index().size).toBe(8);
    const row = (await findResourceByExternalId(second.ctx.db, 'exp-chen'))!;
    // Written straight to the table, as another tool would: no indexing follows.
    await updateResource(second.ctx.db, row.id, resourceInput.parse({ kind: 'expert', name: row.name, description: '珍珠养殖与珍珠层增厚技术专家', industries: ['pearl'], categories: ['rnd'], region: 'zhuji' }));
    const before = await second.matcher.match({ text: '珍珠层太薄，光泽不好', wantsVoucher: false, filters: {}, limit: 1 });
    expect(before.matches[0]!.profile.name).not.toBe(row.name);
    await second.close();

    const third = await open();
    expect(third.warmUp).toEqual({ source: 'snapshot', reembedded: 1 });
    const after = await third.matcher.match({ text: '珍珠层太薄，光泽不好', wantsVoucher: false, filters: {}, limit: 1 });
    expect(after.matches[0]!.profile.name).toBe(row.name);
    expect(after.matches[0]!.profile.industries).toEqual(['pearl']);
    await third.close();
  });

  it('refuses a second engine on the same embedded data directory', async () => {
    const engine = await open();
    try {
      // Same process: simulate another live process by writing its pid into the lock.
      const { writeFileSync } = await import('node:fs');
      writeFileSync(resolve(data.dir, 'engine.lock'), String(process.ppid));
      await expect(open()).rejects.toThrow(/in use by process/);
    } finally {
      await engine.close();
    }
  });
});
