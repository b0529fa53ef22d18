// The key cache: bounded with the least recently used out first, and answering from what it knows while the
// database is out of reach (a revocation applies once it is back).
import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/keys.js';
import type { ApiKeyRow } from '../../src/repositories/api-key.repository.js';
import { KEY_CACHE_MS, KeyResolver } from '../../src/services/key-resolver.js';

function keyTable() {
  const rows = new Map<string, ApiKeyRow>();
  let lookups = 0;
  let down = false;
  const add = (key: string, id: number) =>
    rows.set(hashApiKey(key), { id, name: `key ${id}`, role: 'portal', prefix: key.slice(0, 8), hash: hashApiKey(key), ratePerMinute: null, createdAt: new Date(0), revokedAt: null });
  return {
    add,
    revoke: (key: string) => (rows.get(hashApiKey(key))!.revokedAt = new Date()),
    setDown: (d: boolean) => (down = d),
    lookups: () => lookups,
    find: async (hash: string) => {
      lookups++;
      if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      return rows.get(hash);
    },
  };
}

describe('key resolver', () => {
  it('caches answers, and a flood of unknown keys pushes out only the least recently used', async () => {
    const table = keyTable();
    table.add('sxm_portal_valid', 1);
    const keys = new KeyResolver(table.find, () => 0, 100);
    expect((await keys.resolve('sxm_portal_valid'))?.actor.keyId).toBe(1);
    for (let i = 0; i < 1000; i++) {
      expect(await keys.resolve(`sxm_guess_${i}`)).toBeNull();
      // The portal keeps calling between the guesses: its key stays cached.
      if (i % 50 === 0) await keys.resolve('sxm_portal_valid');
    }
    const before = table.lookups();
    expect((await keys.resolve('sxm_portal_valid'))?.actor.keyId).toBe(1);
    expect(table.lookups()).toBe(before);
    // The oldest guesses were pushed out: asking again looks them up again.
    await keys.resolve('sxm_guess_0');
    expect(table.lookups()).toBe(before + 1);
  });

  it('keeps a verified key valid while the database is out of reach, and applies its revocation once it is back', async () => {
    const table = keyTable();
    table.add('sxm_portal_a', 1);
    let now = 0;
    const keys = new KeyResolver(table.find, () => now);
    expect(await keys.resolve('sxm_portal_a')).not.toBeNull();
    table.revoke('sxm_portal_a');
    table.setDown(true);
    now += KEY_CACHE_MS + 1;
    expect((await keys.resolve('sxm_portal_a'))?.actor.keyId).toBe(1);
    // A key never seen cannot be checked: the caller answers 503.
    await expect(keys.resolve('sxm_portal_new')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // While it stays down, the cached answer is used without waiting on the database each time.
    const during = table.lookups();
    expect(await keys.resolve('sxm_portal_a')).not.toBeNull();
    expect(table.lookups()).toBe(during);
    table.setDown(false);
    now += 5000;
    expect(await keys.resolve('sxm_portal_a')).toBeNull();
  });

  it('does not hide other failures behind a cached answer', async () => {
    const keys = new KeyResolver(async () => {
      throw new Error('a bug');
    });
    await expect(keys.resolve('sxm_x')).rejects.toThrow('a bug');
  });
});
