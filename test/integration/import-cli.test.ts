// `npm run import -- FILE` as a person runs it: exit 0 with a report, exit 1 with line-numbered errors and
// nothing stored, exit 2 for a missing file.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/database.js';

const root = resolve(import.meta.dirname, '../..');
const data = tempDataDir('import-cli');
const run = (file: string) =>
  spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', file], {
    cwd: root,
    env: { ...process.env, DATA_DIR: data.dir, DATABASE_URL: '' },
    encoding: 'utf8',
  });

describe('import CLI', () => {
  afterAll(() => data.remove());

  it('rejects a bad file with line numbers and stores nothing', () => {
    const bad = join(data.dir, 'bad.ndjson');
    writeFileSync(bad, ['{"type":"resource","kind":"lab","name":"嵊州电机检测实验室","industries":["equipment"]}', '{"type":"resource","kind":"lab","name":"x","region":"火星"}'].join('\n'));
    const r = run(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('line 2: region: unknown region "火星"');
    expect(r.stderr).toContain('nothing was stored');
  });

  it('imports a good file and reports counts', () => {
    const r = run(resolve(root, 'test/fixtures/small-registry.ndjson'));
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(report).toMatchObject({ lines: 12, resources: { created: 8 }, enterprises: { created: 2 }, needs: { created: 2 } });
  });

  it('exits 2 for a missing file', () => {
    const r = run(join(data.dir, 'nope.ndjson'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file');
  });
});
