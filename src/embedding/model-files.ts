// The local embedding model's files, described by models/manifest.json (part of the code: which model, which
// files, their sha256) and verified by checksum. Used by the install step (to decide whether to fetch) and by the
// engine at start (to refuse a bad model). The files themselves live in MODELS_DIR (default: models/).
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

/** Where the model files are unless MODELS_DIR says otherwise. */
export const DEFAULT_MODELS_DIR = resolve(import.meta.dirname, '../../models');
const MANIFEST = join(DEFAULT_MODELS_DIR, 'manifest.json');

export function readManifest(): ModelManifest {
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as ModelManifest;
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

/** What is wrong with the model files under `root` (laid out as in the manifest); empty when they are all intact. */
export async function checkFilesUnder(root: string, manifest: ModelManifest = readManifest()): Promise<string[]> {
  const problems: string[] = [];
  for (const [file, expected] of Object.entries(manifest.files)) {
    const path = join(root, file);
    if (!existsSync(path)) {
      problems.push(`${manifest.id}/${file} is missing`);
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== expected) problems.push(`${manifest.id}/${file} has sha256 ${actual}, expected ${expected}`);
  }
  return problems;
}

/** Lists what is wrong with the installed model files; an empty list means the model is ready. */
export async function checkModelFiles(modelsDir = DEFAULT_MODELS_DIR): Promise<string[]> {
  const manifest = readManifest();
  return checkFilesUnder(join(modelsDir, manifest.id), manifest);
}

export const MODEL_INSTALL_HINT = 'run `npm run install-model` (it is also part of `npm install`)';
