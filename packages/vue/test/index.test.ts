// @vitest-environment node

import { describeCoreReexports } from '@imstate/test-support/binding-exports';
import * as binding from '@imstate/vue';

describeCoreReexports('@imstate/vue', binding, new URL('../src/index.ts', import.meta.url));
