// Mutation testing of the pure core (`npm run test:mutation`): each mutant of the ranking, the understanding of
// owners' words (lexicon, expansion, classifier), the lexical index, the
// capacity-constrained assignment and the learning from decisions must make a unit test fail. Not part of
// `npm test`; it takes minutes. The report prints the mutation score per folder and file.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.config.ts' },
  mutate: ['src/match/**/*.ts', 'src/understanding/**/*.ts', 'src/retrieval/lexical-index.ts', 'src/batch/plan.ts', 'src/batch/assign.ts', 'src/batch/b-matching.ts', 'src/learn/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'test-output/mutation/report.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
  // A mutant that loops (the solver's searches) is cut off soon; it counts as killed.
  timeoutMS: 5_000,
};
