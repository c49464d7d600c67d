// Mutation testing of @imstate/core: `pnpm test:mutation`. It takes about an hour on two cores.
import { mutationConfig } from '../../.ci/stryker.shared.mjs';

export default {
  ...mutationConfig,
  // Without the model walk: see vitest.mutation.config.ts.
  vitest: { configFile: 'vitest.mutation.config.ts' },
};
