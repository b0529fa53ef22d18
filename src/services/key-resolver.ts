// Turns the key a request carries into its actor. Lookups are cached for a few seconds (a key, or its absence),
// so a busy portal costs no query per request; a revocation therefore takes up to KEY_CACHE_MS to reach every
// process (at once in the process that revoked it). The cache is bounded, least recently used out first, so a
// flood of unknown keys pushes out only the coldest entries. While the database is out of reach a key already
// looked up keeps its last answer (matching from memory goes on); its revocation applies once the database is back.
import { LRUCache } from 'lru-cache';
import { hashApiKey, DEFAULT_RATE_PER_MINUTE } from '../auth/keys.js';
import type { Actor, Role } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import { dbFailure } from '../db/errors.js';
import { findApiKeyByHash } from '../repositories/api-key.repository.js';

type KeyRow = Awaited<ReturnType<typeof findApiKeyByHash>>;

export const KEY_CACHE_MS = 10_000;
export const MAX_CACHED_KEYS = 10_000;
/** After the database failed to answer, how long cached answers are used without asking it again. */
const UNREACHABLE_BACKOFF_MS = 2_000;

export interface ResolvedKey {
  actor: Actor;
  ratePerMinute: number;
}

interface Entry {
  value: ResolvedKey | null;
  until: number;
}

export class KeyResolver {
  private readonly cache: LRUCache<string, Entry>;
  private unreachableUntil = 0;

  constructor(
    private readonly find: (hash: string) => Promise<KeyRow>,
    private readonly now: () => number = () => Date.now(),
    maxCached = MAX_CACHED_KEYS,
  ) {
    this.cache = new LRUCache({ max: maxCached });
  }

  static of(db: Db): KeyResolver {
    return new KeyResolver((hash) => findApiKeyByHash(db, hash));
  }

  async resolve(key: string): Promise<ResolvedKey | null> {
    const hash = hashApiKey(key);
    const hit = this.cache.get(hash);
    const now = this.now();
    if (hit && (hit.until > now || now < this.unreachableUntil)) return hit.value;
    let row;
    try {
      row = await this.find(hash);
    } catch (err) {
      if (!hit || dbFailure(err)?.kind !== 'unavailable') throw err;
      this.unreachableUntil = now + UNREACHABLE_BACKOFF_MS;
      return hit.value;
    }
    const value = row && !row.revokedAt
      ? { actor: { keyId: row.id, role: row.role as Role, name: row.name }, ratePerMinute: row.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE[row.role as Role] }
      : null;
    this.cache.set(hash, { value, until: now + KEY_CACHE_MS });
    return value;
  }

  /** The cached answer for a key (fresh or not), without asking the database; undefined when never looked up. */
  cached(key: string): ResolvedKey | null | undefined {
    return this.cache.get(hashApiKey(key))?.value;
  }

  /** Forgets cached lookups (after a revocation in this process). */
  forget(): void {
    this.cache.clear();
  }
}
