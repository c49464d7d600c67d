// The Stryker options every package's mutation run shares: `pnpm test:mutation` at the root runs every published
// package one after another; `pnpm test:mutation` in a package runs that one. Not part of `npm test` (core alone
// takes about half an hour). What survives, and why, is in docs/testing-strategy.md.
import { createRequire } from 'node:module';

/**
 * Stryker finds plugins from its own folder, which in pnpm's layout cannot see the runner: name the runner by its
 * path, resolved from the root where both are installed.
 */
const vitestRunner = createRequire(import.meta.url).resolve('@stryker-mutator/vitest-runner');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export const mutationConfig = {
  testRunner: 'vitest',
  plugins: [vitestRunner],
  mutate: ['src/**/*.{ts,tsx}'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Stryker copies the package into a sandbox. vitest.config.ts reads ../../vitest.shared.ts and tests may read
  // ../../../docs/*.md, so the sandbox must sit at the same depth as the package: <repo>/.stryker-tmp/sandbox-*.
  tempDirName: '../../.stryker-tmp',
  // Stryker rewrites tsconfig.json's `extends` for a sandbox two levels deeper than the package. Ours sits at the
  // same depth, so `../../tsconfig.base.json` is already right: aim that rewrite at a file that does not exist.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  // Vitest strips types without checking them, and docs tests compare example files byte for byte with the docs:
  // no `// @ts-nocheck` headers.
  disableTypeChecks: false,
  ignorePatterns: ['dist', 'bench', 'coverage'],
  // Property-based suites and the real SDK's tests take seconds each; a busy machine must not turn slowness into
  // "killed".
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: 80 },
};
