import type { AnyStateMachine } from 'xstate';
import { eventLabel, guardName } from './machine-labels';

/** One state of a machine, as the diagram shows it. */
export interface DiagramState {
  /** Dotted path from the root, e.g. `connecting.offline` (the root itself is `''`). */
  path: string;
  /** The state's own key, e.g. `offline`. */
  key: string;
  /** The parent's path, `undefined` for top-level states. */
  parent: string | undefined;
  /** The path of the initial child, for compound states. */
  initial: string | undefined;
  /** Whether the state has children. */
  compound: boolean;
}

/** One transition between two states. */
export interface DiagramTransition {
  /** The path of the state that declares the transition (a parent covers all its children). */
  source: string;
  /** The path of the target state. */
  target: string;
  /** A readable label: the event (`LOGIN`, `done: login`, `after retryDelay`, `always`). */
  event: string;
  /** The guard's name, when there is one. */
  guard: string | undefined;
}

/** A machine's states and transitions, ready to draw. */
export interface MachineDiagram {
  /** The machine's id, e.g. `session`. */
  id: string;
  /** The path of the top-level initial state. */
  initial: string | undefined;
  states: DiagramState[];
  transitions: DiagramTransition[];
}

interface NodeLike {
  id: string;
  key: string;
  path: string[];
  type: string;
  initial: { target: readonly NodeLike[] };
  states: Record<string, NodeLike>;
  transitions: Map<string, readonly TransitionLike[]>;
  always?: readonly TransitionLike[];
}

interface TransitionLike {
  target?: readonly NodeLike[];
  guard?: unknown;
}

const pathOf = (node: NodeLike) => node.path.join('.');

/** Reads the states and state-changing transitions of a machine, in document order. */
export function describeMachine(machine: AnyStateMachine): MachineDiagram {
  const states: DiagramState[] = [];
  const transitions: DiagramTransition[] = [];
  const visit = (node: NodeLike, parent: string | undefined) => {
    const path = pathOf(node);
    const children = Object.values(node.states);
    const initial = node.initial.target[0];
    if (node.path.length > 0) {
      states.push({
        path,
        key: node.key,
        parent,
        initial: initial && pathOf(initial),
        compound: children.length > 0,
      });
    }
    const add = (event: string, list: readonly TransitionLike[]) => {
      for (const transition of list) {
        for (const target of transition.target ?? []) {
          transitions.push({
            source: path,
            target: pathOf(target),
            event: eventLabel(event),
            guard: guardName(transition.guard),
          });
        }
      }
    };
    for (const [event, list] of node.transitions) add(event, list);
    if (node.always) add('', node.always);
    for (const child of children) visit(child, node.path.length > 0 ? path : undefined);
  };
  const root = machine.root as unknown as NodeLike;
  visit(root, undefined);
  const initial = root.initial.target[0];
  return { id: machine.id, initial: initial && pathOf(initial), states, transitions };
}

const mermaidId = (path: string) => path.replace(/\./g, '_');

/** Renders a machine as a Mermaid `stateDiagram-v2`, nested states drawn inside their parents. */
export function toMermaid(machine: AnyStateMachine): string {
  const { initial, states, transitions } = describeMachine(machine);
  const lines = ['stateDiagram-v2'];
  const draw = (parent: string | undefined, first: string | undefined, indent: string) => {
    if (first) lines.push(`${indent}[*] --> ${mermaidId(first)}`);
    for (const state of states.filter((candidate) => candidate.parent === parent)) {
      const id = mermaidId(state.path);
      lines.push(`${indent}state "${state.key}" as ${id}`);
      if (state.compound) {
        lines.push(`${indent}state ${id} {`);
        draw(state.path, state.initial, `${indent}  `);
        lines.push(`${indent}}`);
      }
    }
  };
  draw(undefined, initial, '  ');
  for (const { source, target, event, guard } of transitions) {
    const from = source === '' ? '[*]' : mermaidId(source);
    lines.push(`  ${from} --> ${mermaidId(target)}: ${event}${guard ? ` [${guard}]` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
