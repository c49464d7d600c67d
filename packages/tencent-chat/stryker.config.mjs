// Mutation testing of @imstate/tencent-chat: `pnpm test:mutation`, about 1 minute on two cores.
import { mutationConfig } from '../../.ci/stryker.shared.mjs';

export default mutationConfig;
