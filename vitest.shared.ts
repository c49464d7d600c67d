import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Workspace packages are imported by their npm names; the `@imstate/source` export condition
 * points those imports at `src/`, so tests never need a build.
 */
const SOURCE_CONDITION = '@imstate/source';

export function packageConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineConfig({
      resolve: {
        conditions: [SOURCE_CONDITION, ...defaultClientConditions],
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
