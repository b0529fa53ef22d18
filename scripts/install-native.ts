// Install step (part of `npm install`, after patch-package has patched hnswlib-node's source): hnswlib-node's own
// install built the addon before the patch was applied, so it is built again, once, when the built addon lacks
// the calls the patch adds (src/retrieval/hnsw-patch.ts). A no-op when it has them.
import { execFileSync, spawnSync } from 'node:child_process';

/** Whether a fresh process loading hnswlib-node finds every patched call (this one may hold the old addon). */
function built(): boolean {
  const probe = `const { missingPatchedCalls } = await import(${JSON.stringify(new URL('../src/retrieval/hnsw-patch.ts', import.meta.url).href)}); process.exit(missingPatchedCalls().length > 0 ? 1 : 0);`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { stdio: 'ignore' }).status === 0;
}

if (built()) {
  console.log('[hnswlib-node] built with the project\'s patch');
} else {
  console.log('[hnswlib-node] building it with the project\'s patch');
  execFileSync('npm', ['rebuild', 'hnswlib-node', '--foreground-scripts'], { stdio: 'inherit' });
  if (!built()) {
    console.error('[hnswlib-node] the rebuilt addon still lacks the patched calls: is scripts/patches/hnswlib-node+3.0.0.patch applied?');
    process.exit(1);
  }
}
