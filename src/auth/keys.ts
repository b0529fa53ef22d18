// API keys: `sxm_<role>_<24 random bytes, base64url>`. Only a SHA-256 of a key is stored; a key is shown once.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from './actor.js';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(role: Role): { key: string; prefix: string; hash: string } {
  const key = `sxm_${role}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, key.indexOf('_', 4) + 7), hash: hashApiKey(key) };
}

/** Requests per minute a key may make unless it was given its own limit. */
export const DEFAULT_RATE_PER_MINUTE: Record<Role, number> = { portal: 300, operator: 600, admin: 600 };
