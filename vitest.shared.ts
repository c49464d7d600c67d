import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Workspace packages are imported by their npm names; the `@imstate/source` export condition
 * points those imports at `src/`, so tests never need a build.
 */
const SOURCE_CONDITION = '@imstate/source';

/**
 * Test helpers that several packages share (`@imstate/test-support/session-probes`): not a package, an alias to
 * core's test/support/, resolved from this file so it also holds inside a mutation-testing sandbox.
 */
const TEST_SUPPORT = fileURLToPath(new URL('./packages/core/test/support/', import.meta.url));

export function packageConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineConfig({
      resolve: {
        conditions: [SOURCE_CONDITION, ...defaultClientConditions],
        alias: [{ find: /^@imstate\/test-support\//, replacement: TEST_SUPPORT }],
      },
      ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
      test: {
        include: ['test/**/*.test.{ts,tsx}'],
        restoreMocks: true,
        // A package whose include matches nothing must fail, not pass quietly.
        passWithNoTests: false,
      },
    }),
    overrides,
  );
}
