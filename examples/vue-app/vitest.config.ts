import vue from '@vitejs/plugin-vue';
import { packageConfig } from '../../vitest.shared.ts';

export default packageConfig({ plugins: [vue()], test: { environment: 'happy-dom' } });
