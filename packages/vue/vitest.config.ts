import vue from '@vitejs/plugin-vue';
import { packageConfig } from '../../vitest.shared.ts';

// The plugin lets tests mount the docs' single-file components (test/example/*.vue).
export default packageConfig({ plugins: [vue()], test: { environment: 'happy-dom' } });
