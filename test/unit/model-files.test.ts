import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelMissingError, createLocalEmbedder } from '../../src/embedding/embedder.js';
import { checkModelFiles, readManifest } from '../../src/embedding/model-files.js';

describe('model files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = readManifest();
  const onnx = join(dir, manifest.id, 'onnx/model_quantized.onnx');
  mkdirSync(dirname(onnx), { recursive: true });
  writeFileSync(onnx, 'not a model');

  it('describes bge-small-zh-v1.5 as the engine loads it', () => {
    expect(manifest).toMatchObject({ id: 'BAAI/bge-small-zh-v1.5', dimension: 512, pooling: 'cls', normalize: true });
    expect(manifest.files['onnx/model_quantized.onnx']).toBe('15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc');
  });

  it('reports missing and corrupt files by name', async () => {
    const problems = await checkModelFiles(dir);
    expect(problems).toContainEqual(expect.stringMatching(/onnx\/model_quantized\.onnx has sha256 [0-9a-f]{64}, expected 15b717c3/));
    expect(problems).toContainEqual(`${manifest.id}/vocab.txt is missing`);
  });

  it('refuses to load a corrupt model, naming the file and how to reinstall', async () => {
    const loading = createLocalEmbedder({ modelsDir: dir });
    await expect(loading).rejects.toThrow(ModelMissingError);
    await expect(loading).rejects.toThrow(/model_quantized\.onnx has sha256 .*npm run install-model/);
  });

  it('finds the installed model intact', async () => {
    expect(await checkModelFiles()).toEqual([]);
  });
});
