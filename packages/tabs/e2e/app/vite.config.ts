import { defaultClientConditions, defineConfig } from 'vite';

// The page under test: workspace packages resolve to their sources (`@imstate/source`), so no build of them is needed.
export default defineConfig({
  resolve: { conditions: ['@imstate/source', ...defaultClientConditions] },
  logLevel: 'warn',
});
