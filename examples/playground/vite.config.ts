import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// `npm run demo` and the e2e run pass PORT; the contract's default is 5173 for both dev and preview.
const port = Number(process.env.PORT) || 5173;

export default defineConfig({
  plugins: [react()],
  // Workspace packages resolve to their sources (`@imstate/source`), so no package build is needed.
  resolve: { conditions: ['@imstate/source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port },
  preview: { host: '127.0.0.1', port },
});
