// Mutation testing of @imstate/simulator: `pnpm test:mutation`, about 3 minutes on two cores.
import { mutationConfig } from '../../.ci/stryker.shared.mjs';

export default mutationConfig;
