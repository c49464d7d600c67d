/**
 * Lays out a machine's statechart with ELK (Eclipse Layout Kernel, `elkjs`): layered, top to bottom, nested states
 * inside their parents, orthogonal arrows with their labels placed by the layout. Runs at build time only
 * (`pnpm docs:diagram`); the page ships the JSON it returns, never elkjs.
 */
import type { MachineDiagram } from '@imstate/core/diagram';
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import {
  ANY_STATE,
  type Box,
  type DiagramLayout,
  type LaidOutEdge,
  type LaidOutInitial,
  type LaidOutState,
  labelLines,
  METRICS,
  type Point,
  textWidth,
} from '../src/diagram/layout';

const ROOT = '';
const nodeId = (path: string) => (path === ROOT ? 'any' : `state:${path}`);

const initialId = (parent: string) => `initial:${parent}`;

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  // Lays out every level together, so arrows may cross state borders (LOGOUT from `online` to `loggedOut.loggingOut`).
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Document order breaks cycles and orders layers: init, loggedOut, connecting, online… reads top to bottom.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.spacing.nodeNodeBetweenLayers': '24',
  'elk.spacing.nodeNode': '20',
  'elk.spacing.edgeEdge': '7',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '7',
  'elk.layered.spacing.edgeNodeBetweenLayers': '10',
  'elk.spacing.edgeLabel': '2',
};

/** The paths from the machine down to `path`: `['', 'connecting', 'connecting.offline']`. */
const ancestry = (path: string): string[] =>
  path === ROOT
    ? [ROOT]
    : [ROOT, ...path.split('.').map((_, index, keys) => keys.slice(0, index + 1).join('.'))];

/** The innermost state that contains both (or is one of them): where ELK wants the edge declared. */
function commonContainer(a: string, b: string): string {
  const [left, right] = [ancestry(a), ancestry(b)];
  let common = ROOT;
  for (let index = 0; index < Math.min(left.length, right.length) && left[index] === right[index]; index++) {
    common = left[index]!;
  }
  return common;
}

const round = (value: number) => Math.round(value);
const roundPoint = ({ x, y }: Point): Point => ({ x: round(x), y: round(y) });

export async function layoutDiagram(diagram: MachineDiagram): Promise<DiagramLayout> {
  const { stateFontSize, labelFontSize, labelLineHeight, labelPadding, compoundPadding: pad } = METRICS;
  const nodes = new Map<string, ElkNode>();
  // The graph itself is the machine: its padding leaves room for the machine's name.
  const machine: ElkNode = {
    id: 'machine',
    children: [],
    edges: [],
    layoutOptions: {
      ...LAYOUT_OPTIONS,
      'elk.padding': `[top=${METRICS.headerHeight},left=${pad},bottom=${pad},right=${pad}]`,
    },
  };
  nodes.set(ROOT, machine);
  // Transitions declared on the machine apply in every state: they start from an "any state" mark.
  if (diagram.transitions.some((transition) => transition.source === ROOT || transition.target === ROOT)) {
    machine.children!.push({
      id: nodeId(ROOT),
      width: textWidth(ANY_STATE, stateFontSize) + 2 * METRICS.leafPaddingX,
      height: METRICS.leafHeight,
    });
  }
  for (const state of diagram.states) {
    const node: ElkNode = state.compound
      ? {
          id: nodeId(state.path),
          children: [],
          edges: [],
          layoutOptions: {
            'elk.padding': `[top=${METRICS.headerHeight},left=${pad},bottom=${pad},right=${pad}]`,
            // Wide enough for its own name, however few children it has.
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${textWidth(state.key, stateFontSize) + 2 * pad}, ${METRICS.headerHeight})`,
          },
        }
      : {
          id: nodeId(state.path),
          width: Math.max(
            METRICS.leafMinWidth,
            textWidth(state.key, stateFontSize) + 2 * METRICS.leafPaddingX,
          ),
          height: METRICS.leafHeight,
        };
    nodes.set(state.path, node);
    nodes.get(state.parent ?? ROOT)!.children!.push(node);
  }

  const initialOf = new Map<string, string>();
  if (diagram.initial) initialOf.set(ROOT, diagram.initial);
  for (const state of diagram.states) if (state.initial) initialOf.set(state.path, state.initial);
  for (const [parent, target] of initialOf) {
    const container = nodes.get(parent)!;
    container.children!.unshift({
      id: initialId(parent),
      width: METRICS.initialDot,
      height: METRICS.initialDot,
    });
    container.edges!.push({
      id: `${initialId(parent)}>`,
      sources: [initialId(parent)],
      targets: [nodeId(target)],
    });
  }

  // Transitions with the same source and target share one arrow, each with its own label.
  const routes = new Map<string, LaidOutEdge>();
  for (const { source, target, event, guard } of diagram.transitions) {
    const key = `${source}>${target}`;
    const route = routes.get(key) ?? { from: source, to: target, points: [], transitions: [] };
    route.transitions.push({ event, ...(guard && { guard }), x: 0, y: 0, width: 0, height: 0 });
    routes.set(key, route);
  }
  const edges = new Map<string, LaidOutEdge>();
  for (const [key, route] of routes) {
    const id = `edge:${key}`;
    edges.set(id, route);
    nodes.get(commonContainer(route.from, route.to))!.edges!.push({
      id,
      sources: [nodeId(route.from)],
      targets: [nodeId(route.to)],
      labels: route.transitions.map((transition, index) => {
        const lines = labelLines(transition);
        return {
          id: `${id}#${index}`,
          // ELK places only labels that have a text.
          text: lines.join('\n'),
          width: Math.max(...lines.map((line) => textWidth(line, labelFontSize))) + 2 * labelPadding.x,
          height: lines.length * labelLineHeight + 2 * labelPadding.y,
        };
      }),
    });
  }

  const laidOut = await new ELK().layout(machine);

  // ELK gives positions relative to the parent node (edges: to their container); make them absolute.
  const origin = new Map<string, Point>();
  const boxes = new Map<string, Box>();
  const place = (node: ElkNode, offset: Point) => {
    const box = {
      x: offset.x + (node.x ?? 0),
      y: offset.y + (node.y ?? 0),
      width: node.width!,
      height: node.height!,
    };
    boxes.set(node.id, box);
    origin.set(node.id, box);
    for (const child of node.children ?? []) place(child, box);
  };
  place(laidOut, { x: 0, y: 0 });

  const initials: LaidOutInitial[] = [];
  const visitEdges = (node: ElkNode) => {
    for (const edge of (node.edges ?? []) as ElkExtendedEdge[]) {
      const base = origin.get(edge.container ?? node.id)!;
      const shift = (point: Point) => roundPoint({ x: point.x + base.x, y: point.y + base.y });
      const section = edge.sections?.[0];
      if (!section) throw new Error(`ELK gave no route for ${edge.id}`);
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(shift);
      const route = edges.get(edge.id);
      if (!route) {
        const parent = edge.id.slice('initial:'.length, -1);
        const dot = boxes.get(initialId(parent))!;
        const centre = roundPoint({ x: dot.x + dot.width / 2, y: dot.y + dot.height / 2 });
        initials.push({ parent, target: initialOf.get(parent)!, points: [centre, ...points.slice(1)] });
        continue;
      }
      route.points = points;
      (edge.labels ?? []).forEach((label, index) => {
        Object.assign(route.transitions[index]!, {
          ...shift({ x: label.x ?? 0, y: label.y ?? 0 }),
          width: label.width,
          height: label.height,
        });
      });
    }
    for (const child of node.children ?? []) visitEdges(child);
  };
  visitEdges(laidOut);

  const states: LaidOutState[] = diagram.states.map((state) => {
    const { x, y, width, height } = boxes.get(nodeId(state.path))!;
    return {
      path: state.path,
      key: state.key,
      ...(state.parent !== undefined && { parent: state.parent }),
      compound: state.compound,
      x: round(x),
      y: round(y),
      width: round(width),
      height: round(height),
    };
  });
  const any = boxes.get(nodeId(ROOT));
  return {
    machine: diagram.id,
    width: round(laidOut.width!),
    height: round(laidOut.height!),
    ...(any && {
      anyState: { x: round(any.x), y: round(any.y), width: round(any.width), height: round(any.height) },
    }),
    states,
    initials,
    edges: [...edges.values()],
  };
}
