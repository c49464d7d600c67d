// Mutation testing of @imstate/core: `pnpm test:mutation`. It takes 20 to 35 minutes on two cores, so it is not
// part of `npm test`. What survives, and why, is written down in docs/testing-strategy.md.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Stryker copies the package into a sandbox. vitest.config.ts reads ../../vitest.shared.ts and the docs tests
  // read ../../../docs/*.md, so the sandbox must sit at the same depth as packages/core: <repo>/.stryker-tmp/sandbox-*.
  tempDirName: '../../.stryker-tmp',
  // Stryker rewrites tsconfig.json's `extends` for a sandbox two levels deeper than the package. Ours sits at the
  // same depth, so `../../tsconfig.base.json` is already right: aim that rewrite at a file that does not exist.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  // Vitest strips types without checking them, and docs.test.ts compares test/examples/*.ts byte for byte with the
  // docs: no `// @ts-nocheck` headers.
  disableTypeChecks: false,
  ignorePatterns: ['dist', 'bench', 'coverage'],
  // The property and model-based suites take seconds each; a busy machine must not turn slowness into "killed".
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: 80 },
};
