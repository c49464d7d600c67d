// @vitest-environment node
import * as binding from '@imstate/react';
import { describeCoreReexports } from '@imstate/test-support/binding-exports';

describeCoreReexports('@imstate/react', binding, new URL('../src/index.ts', import.meta.url));
