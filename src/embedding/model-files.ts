// The local embedding model's files, described by models/manifest.json and verified by checksum.
// Used by the install step (to decide whether to fetch) and by the server at start (to refuse a bad model).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ModelManifest {
  id: string;
  dimension: number;
  pooling: 'cls' | 'mean';
  normalize: boolean;
  quantized: boolean;
  source: { npmPackage: string; pathInPackage: string };
  files: Record<string, string>;
}

export const MODELS_DIR = resolve(import.meta.dirname, '../../models');

export function readManifest(modelsDir = MODELS_DIR): ModelManifest {
  return JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')) as ModelManifest;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => ok(hash.digest('hex')));
  });
}

/** Lists what is wrong with the installed model files; an empty list means the model is ready. */
export async function checkModelFiles(modelsDir = MODELS_DIR): Promise<string[]> {
  const manifest = readManifest(modelsDir);
  const problems: string[] = [];
  for (const [file, expected] of Object.entries(manifest.files)) {
    const path = join(modelsDir, manifest.id, file);
    if (!existsSync(path)) {
      problems.push(`${manifest.id}/${file} is missing`);
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== expected) problems.push(`${manifest.id}/${file} has sha256 ${actual}, expected ${expected}`);
  }
  return problems;
}

export const MODEL_INSTALL_HINT = 'run `npm run install-model` (it is also part of `npm install`)';
