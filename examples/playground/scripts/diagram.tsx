/**
 * `pnpm docs:diagram` (with core's page): lays out `sessionMachine` with ELK and writes
 * - src/diagram/session-machine.layout.json, the geometry the playground draws, and
 * - docs/images/state-machine.svg, the same drawing as a static picture for the docs.
 * test/diagram-files.test.ts fails when either is stale.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDiagramFiles } from './diagram-files';

const started = performance.now();
const { layout, svg } = await renderDiagramFiles();
const layoutFile = fileURLToPath(new URL('../src/diagram/session-machine.layout.json', import.meta.url));
const svgFile = fileURLToPath(new URL('../../../docs/images/state-machine.svg', import.meta.url));
writeFileSync(layoutFile, layout);
writeFileSync(svgFile, svg);
// The JSON is committed: format it the way the linter wants it.
const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));
execFileSync(biome, ['format', '--write', layoutFile], { stdio: 'ignore' });
console.log(`wrote ${layoutFile}\nwrote ${svgFile}\n(${Math.round(performance.now() - started)} ms)`);
