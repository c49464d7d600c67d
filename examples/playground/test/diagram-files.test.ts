// @vitest-environment node
import { readFileSync } from 'node:fs';
import { sessionMachine } from '@imstate/core';
import { describeMachine } from '@imstate/core/diagram';
import { describe, expect, it } from 'vitest';
import { renderDiagramFiles, renderStaticSvg } from '../scripts/diagram-files';
import type { DiagramLayout } from '../src/diagram/layout';
import committed from '../src/diagram/session-machine.layout.json';

const svgFile = new URL('../../../docs/images/state-machine.svg', import.meta.url);
const STALE = 'stale: run `pnpm docs:diagram` and commit what it writes';

describe('the generated diagram files', () => {
  it(`src/diagram/session-machine.layout.json is the layout of sessionMachine as it is now (${STALE})`, async () => {
    const { layoutData } = await renderDiagramFiles();
    expect(committed, STALE).toEqual(layoutData);
  }, 30_000);

  it(`docs/images/state-machine.svg is the playground's drawing of that layout (${STALE})`, () => {
    expect(readFileSync(svgFile, 'utf8'), STALE).toBe(renderStaticSvg(committed as DiagramLayout));
  });

  it('lay out every state and every transition of the machine', () => {
    const layout = committed as DiagramLayout;
    const { states, transitions } = describeMachine(sessionMachine);
    expect(layout.states.map((state) => state.path)).toEqual(states.map((state) => state.path));
    const drawn = layout.edges.flatMap((edge) =>
      edge.transitions.map((t) => `${edge.from} ${t.event} ${t.guard ?? ''} ${edge.to}`),
    );
    expect(drawn.sort()).toEqual(
      transitions.map((t) => `${t.source} ${t.event} ${t.guard ?? ''} ${t.target}`).sort(),
    );
  });
});
