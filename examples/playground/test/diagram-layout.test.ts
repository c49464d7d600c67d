// @vitest-environment node
import { describeMachine } from '@imstate/core/diagram';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { renderStaticSvg } from '../scripts/diagram-files';
import { layoutDiagram } from '../scripts/layout';
import type { Box, DiagramLayout } from '../src/diagram/layout';

/** Shapes sessionMachine does not have today, and may tomorrow. */
const odd = createMachine({
  id: 'odd',
  initial: 'a',
  on: { RESET: '.a' }, // declared on the machine itself
  states: {
    a: {
      initial: 'a1',
      states: {
        a1: { on: { DEEPER: 'a2.inner.innermost' } },
        a2: {
          initial: 'inner',
          states: { inner: { initial: 'innermost', states: { innermost: { on: { UP: '#odd.a' } } } } },
        },
      },
      on: { SELF: 'a', NEXT: 'b' },
    },
    b: {
      type: 'parallel',
      states: {
        left: { initial: 'l1', states: { l1: { on: { FLIP: 'l2' } }, l2: {} } },
        right: { initial: 'r1', states: { r1: {}, r2: {} } },
      },
      on: { BACK: { target: 'a', guard: 'canGoBack' } },
    },
    c: { type: 'final' },
  },
});

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('the layout, for any machine shape', () => {
  let layout: DiagramLayout;

  it('lays out root transitions, self-transitions, deep nesting, parallel regions and a state without arrows', async () => {
    const diagram = describeMachine(odd);
    layout = await layoutDiagram(diagram);
    expect(layout.states.map((state) => state.path)).toEqual(diagram.states.map((state) => state.path));
    expect(layout.edges.flatMap((edge) => edge.transitions)).toHaveLength(diagram.transitions.length);
    expect(layout.anyState).toBeDefined();
    for (const edge of layout.edges) {
      expect(edge.points.length, `${edge.from} → ${edge.to}`).toBeGreaterThanOrEqual(2);
      for (const point of edge.points)
        expect(Number.isFinite(point.x) && Number.isFinite(point.y)).toBe(true);
    }
  }, 30_000);

  it('puts every state inside its parent, and the whole inside the picture', () => {
    const byPath = new Map(layout.states.map((state) => [state.path, state]));
    const picture = { x: 0, y: 0, width: layout.width, height: layout.height };
    for (const state of layout.states) {
      expect(
        inside(state, state.parent === undefined ? picture : byPath.get(state.parent)!),
        state.path,
      ).toBe(true);
    }
  });

  it('draws one element per state and per transition', () => {
    const svg = renderStaticSvg(layout);
    expect(svg.match(/data-state="[^"]+"/g)).toHaveLength(layout.states.length);
    expect(svg).toContain('data-from="" data-to="a" data-event="RESET"');
    expect(svg).toContain('data-from="a" data-to="a" data-event="SELF"');
    expect(svg).toContain('data-from="b" data-to="a" data-event="BACK" data-guard="canGoBack"');
  });
});
