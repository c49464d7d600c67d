// Mutation testing of @imstate/core: `pnpm test:mutation`. It takes 20 to 35 minutes on two cores.
import { mutationConfig } from '../../.ci/stryker.shared.mjs';

export default mutationConfig;
