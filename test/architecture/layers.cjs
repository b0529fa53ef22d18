// The layering of src/, bottom to top, as import rules for dependency-cruiser (`npm run check:layers`, part of
// `npm test`). A module may import its own layer and the layers below it, never one above; http/ and worker/
// are peers (two ways into the same use cases) and import neither each other; and no import circle runs
// through two folders.
const LAYERS = [
  ['src/domain/', 'src/errors.ts', 'src/log.ts', 'src/periodic.ts', 'src/progress.ts', 'src/seed/'],
  ['src/db/', 'src/auth/', 'src/embedding/', 'src/config.ts'],
  ['src/repositories/'],
  ['src/retrieval/', 'src/queue/', 'src/understanding/'],
  ['src/match/', 'src/learn/'],
  ['src/indexing/'],
  ['src/batch/'],
  ['src/services/'],
  ['src/runtime.ts'],
  ['src/http/', 'src/worker/'],
  ['src/engine.ts', 'src/main.ts', 'src/eval/'],
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (paths) => `^(${paths.map(escape).join('|')})`;

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-layer-${i}`,
  comment: `${layer.join(', ')} may not import what sits above it: ${LAYERS.slice(i + 1).flat().join(', ')}`,
  severity: 'error',
  from: { path: pattern(layer) },
  to: { path: pattern(LAYERS.slice(i + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...upward,
    { name: 'http-is-not-the-worker', severity: 'error', from: { path: '^src/http/' }, to: { path: '^src/worker/' } },
    { name: 'the-worker-is-not-http', severity: 'error', from: { path: '^src/worker/' }, to: { path: '^src/http/' } },
    {
      name: 'the-browser-page-stands-alone',
      comment: 'src/web/ runs in the browser: it imports only its own files',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: '^src/web/' },
    },
    {
      name: 'every-module-has-a-layer',
      comment: 'a new top-level folder or file must be placed in LAYERS',
      severity: 'error',
      from: { path: '^src/', pathNot: `${pattern(LAYERS.flat())}|^src/web/` },
      to: {},
    },
    {
      name: 'no-circle-between-folders',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
