import * as binding from '@imstate/rxjs';
import { describeCoreReexports } from '@imstate/test-support/binding-exports';

describeCoreReexports('@imstate/rxjs', binding, new URL('../src/index.ts', import.meta.url));
