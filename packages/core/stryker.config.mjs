// Mutation testing of @imstate/core: `pnpm test:mutation`. It takes 15 (idle) to 35 (shared) minutes on two cores.
import { mutationConfig } from '../../.ci/stryker.shared.mjs';

export default {
  ...mutationConfig,
  // Without the model walk: see vitest.mutation.config.ts.
  vitest: { configFile: 'vitest.mutation.config.ts' },
};
