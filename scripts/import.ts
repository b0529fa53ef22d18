// npm run import -- FILE: registers an NDJSON file, all or nothing (see src/services/import.ts for the format).
import { existsSync, readFileSync } from 'node:fs';
import { SYSTEM } from '../src/auth/actor.js';
import { importNdjson } from '../src/services/import.js';
import { exitWith, progress, withEngine } from './cli.js';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error(file ? `[import] no such file: ${file}` : 'usage: npm run import -- FILE.ndjson');
  process.exit(2);
}
withEngine(async (engine) => {
  const { resourceIds: _r, needIds: _n, ...report } = await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: readFileSync(file, 'utf8'), onProgress: (d, t) => progress('import: embedding resources', d, t) });
  console.log(JSON.stringify(report));
}).catch((err: unknown) => exitWith('import', err));
