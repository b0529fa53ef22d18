// npm run keys -- create --role portal|operator|admin --name NAME [--rate N]   (prints the key, once)
//                 list
//                 revoke ID
// Opens the database only (no model, no index). With the embedded database the server must be stopped first;
// while it runs, use /v1/admin/keys with an admin key.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { lockDataDir } from '../src/db/data-dir-lock.js';
import { SYSTEM } from '../src/auth/actor.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/services/api-keys.js';
import { KeyResolver } from '../src/services/key-resolver.js';
import { exitWith } from './cli.js';

const USAGE = 'usage: npm run keys -- create --role portal|operator|admin --name NAME [--rate N] | list | revoke ID';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, rate: { type: 'string' } } });
  const [command, arg] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command)) throw new Error(USAGE);
  const config = loadConfig();
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  const database = await openDatabase(config);
  const ctx = { db: database.db, keys: KeyResolver.of(database.db) };
  try {
    if (command === 'create') {
      const created = await createApiKey({
        ctx,
        actor: SYSTEM,
        input: { role: values.role, name: values.name, ...(values.rate !== undefined ? { ratePerMinute: Number(values.rate) } : {}) },
      });
      console.log(`created key ${created.id} "${created.name}" (${created.role}, ${created.ratePerMinute} requests/minute); it is shown only now:`);
      console.log(created.key);
    } else if (command === 'list') {
      for (const k of (await listApiKeys({ ctx, actor: SYSTEM })).items) {
        console.log(`${String(k.id).padStart(4)}  ${k.prefix}…  ${k.role.padEnd(8)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}`);
      }
    } else {
      const id = Number(arg);
      if (!Number.isInteger(id) || id <= 0) throw new Error(`revoke needs a key id (see npm run keys -- list)\n${USAGE}`);
      await revokeApiKey({ ctx, actor: SYSTEM, id });
      console.log(`revoked key ${id} (processes that cached it stop accepting it within 10 s)`);
    }
  } finally {
    await database.close();
    unlock();
  }
}

main().catch((err: unknown) => exitWith('keys', err));
