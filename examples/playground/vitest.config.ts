import { packageConfig } from '../../vitest.shared';

export default packageConfig({ test: { environment: 'happy-dom', setupFiles: ['test/setup.ts'] } });
