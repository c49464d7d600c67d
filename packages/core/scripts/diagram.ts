/**
 * Writes docs/state-machine.md from `sessionMachine`: `pnpm docs:diagram`.
 * test/diagram.test.ts fails when the committed page differs from what this renders.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderStateMachinePage } from './state-machine-page';

const target = fileURLToPath(new URL('../../../docs/state-machine.md', import.meta.url));
writeFileSync(target, renderStateMachinePage());
console.log(`wrote ${target}`);
