// Turns the key a request carries into its actor. Lookups are cached for a few seconds (a key, or its absence),
// so a busy portal costs no query per request; a revocation therefore takes up to KEY_CACHE_MS to reach every
// process (at once in the process that revoked it).
import { hashApiKey, DEFAULT_RATE_PER_MINUTE } from '../auth/keys.js';
import type { Actor, Role } from '../auth/actor.js';
import type { Db } from '../db/client.js';
import { findApiKeyByHash } from '../repositories/api-key.repository.js';

export const KEY_CACHE_MS = 10_000;
const MAX_CACHED = 10_000;

export interface ResolvedKey {
  actor: Actor;
  ratePerMinute: number;
}

export class KeyResolver {
  private readonly cache = new Map<string, { value: ResolvedKey | null; until: number }>();

  constructor(private readonly db: Db) {}

  async resolve(key: string): Promise<ResolvedKey | null> {
    const hash = hashApiKey(key);
    const hit = this.cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.value;
    const row = await findApiKeyByHash(this.db, hash);
    const value = row && !row.revokedAt
      ? { actor: { keyId: row.id, role: row.role as Role, name: row.name }, ratePerMinute: row.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE[row.role as Role] }
      : null;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(hash, { value, until: Date.now() + KEY_CACHE_MS });
    return value;
  }

  /** Forgets cached lookups (after a revocation in this process). */
  forget(): void {
    this.cache.clear();
  }
}
