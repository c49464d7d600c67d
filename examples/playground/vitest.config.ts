import { packageConfig } from '../../vitest.shared.ts';

export default packageConfig({ test: { environment: 'happy-dom', setupFiles: ['test/setup.ts'] } });
