// `npm run import -- FILE` as a person runs it: exit 0 with a report, exit 1 with line-numbered errors and
// nothing stored (checked in the database afterwards, not taken from the CLI's word), exit 2 for a missing file.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { resources } from '../../src/db/schema.js';
import { tempDataDir } from '../helpers/database.js';
import { runScript } from '../helpers/processes.js';

const root = resolve(import.meta.dirname, '../..');

describe('import CLI', () => {
  const data = tempDataDir('import-cli');
  afterAll(() => data.remove());
  const run = (dataDir: string, file: string) => runScript('scripts/import.ts', [file], { DATA_DIR: dataDir });
  const storedNames = async (dataDir: string) => {
    const database = await openDatabase({ dataDir });
    try {
      return (await database.db.select({ name: resources.name }).from(resources)).map((r) => r.name);
    } finally {
      await database.close();
    }
  };

  it('rejects a bad file with line numbers and stores nothing', async () => {
    const dir = join(data.dir, 'bad');
    const bad = join(data.dir, 'bad.ndjson');
    writeFileSync(bad, ['{"type":"resource","kind":"lab","name":"嵊州电机检测实验室","industries":["equipment"]}', '{"type":"resource","kind":"lab","name":"x","region":"火星"}'].join('\n'));
    const r = await run(dir, bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 2: region: unknown region "火星"');
    expect(r.stderr).toContain('nothing was stored');
    expect(await storedNames(dir)).toEqual([]);
  });

  it('imports a good file and reports counts', async () => {
    const dir = join(data.dir, 'good');
    const r = await run(dir, resolve(root, 'test/fixtures/small-registry.ndjson'));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(report).toMatchObject({ lines: 13, resources: { created: 9 }, enterprises: { created: 2 }, needs: { created: 2 } });
    expect(await storedNames(dir)).toHaveLength(9);
  });

  it('exits 2 for a missing file', async () => {
    const r = await run(join(data.dir, 'missing'), join(data.dir, 'nope.ndjson'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });
});
