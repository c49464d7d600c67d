// Mutation testing of @imstate/tabs: `pnpm test:mutation`, 1 to 2 minutes on two cores.
import { mutationConfig } from '../../.ci/stryker.shared.mjs';

export default mutationConfig;
