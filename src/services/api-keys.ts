// API keys as admins manage them (CLI and /v1/admin/keys): create (the key is shown once), list, revoke; and the
// first admin key, made when a database has never had one so that a new user can try everything.
import { z } from 'zod';
import { ROLES, type Actor } from '../auth/actor.js';
import { DEFAULT_RATE_PER_MINUTE, generateApiKey } from '../auth/keys.js';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import * as repo from '../repositories/api-key.repository.js';
import { parse, type ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'keys'>;

export const keyInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  role: z.enum(ROLES),
  ratePerMinute: z.number().int().min(1).max(100_000).optional(),
});

export interface ApiKeyView {
  id: number;
  name: string;
  role: string;
  prefix: string;
  ratePerMinute: number;
  createdAt: string;
  revokedAt: string | null;
}

function viewOf(row: repo.ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    ratePerMinute: row.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE[row.role as Actor['role']],
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiKey({ ctx, input }: { ctx: Pick<Ctx, 'db'>; actor: Actor; input: unknown }): Promise<ApiKeyView & { key: string }> {
  const data = parse(keyInput, input);
  const { key, prefix, hash } = generateApiKey(data.role);
  const row = await repo.insertApiKey(ctx.db, { name: data.name, role: data.role, prefix, hash, ratePerMinute: data.ratePerMinute ?? null });
  return { ...viewOf(row), key };
}

export async function listApiKeys({ ctx }: { ctx: Pick<Ctx, 'db'>; actor: Actor }): Promise<{ items: ApiKeyView[] }> {
  return { items: (await repo.listApiKeys(ctx.db)).map(viewOf) };
}

/** Revokes at once in this process; other processes stop accepting the key within their cache time. */
export async function revokeApiKey({ ctx, id }: { ctx: Ctx; actor: Actor; id: number }): Promise<void> {
  if (!(await repo.revokeApiKey(ctx.db, id))) throw notFound('active API key', id);
  ctx.keys.forget();
}

/** An admin key for a database that has never had a key; undefined when it has one. */
export async function ensureFirstAdminKey(db: Db): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    await repo.lockApiKeys(tx);
    if ((await repo.countApiKeys(tx)) > 0) return undefined;
    const { key, prefix, hash } = generateApiKey('admin');
    await repo.insertApiKey(tx, { name: 'first admin (made at first start)', role: 'admin', prefix, hash });
    return key;
  });
}
