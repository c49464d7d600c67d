import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue()],
  // Workspace packages resolve to their sources, so the app runs without building them first.
  resolve: { conditions: ['@imstate/source', ...defaultClientConditions] },
});
