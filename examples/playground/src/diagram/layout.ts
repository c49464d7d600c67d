/**
 * The drawn state diagram's geometry: computed once from `sessionMachine` by a graph-layout library
 * (scripts/layout.ts, `pnpm docs:diagram`) and committed as JSON, so the page never lays anything out.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

/** A state: a box, with its children inside it when it is compound. */
export interface LaidOutState extends Box {
  /** Dotted path, e.g. `connecting.offline`. */
  path: string;
  key: string;
  /** The parent's path; absent for top-level states. */
  parent?: string;
  compound: boolean;
}

/** The mark of a compound state's (or the machine's) initial child: a dot and an arrow from it. */
export interface LaidOutInitial {
  /** The parent's path, `''` for the machine itself. */
  parent: string;
  target: string;
  /** The arrow, from the dot's centre to the target's border. */
  points: Point[];
}

/** One transition's label on an arrow. */
export interface LaidOutTransition extends Box {
  event: string;
  guard?: string;
}

/** One arrow between two states; transitions with the same source and target share it, each with its label. */
export interface LaidOutEdge {
  from: string;
  to: string;
  /** The orthogonal route, from the source's border to the target's. */
  points: Point[];
  transitions: LaidOutTransition[];
}

export interface DiagramLayout {
  /** The machine's id: the outer frame's title. */
  machine: string;
  /** The machine's box, around everything. */
  width: number;
  height: number;
  /** Where transitions declared on the machine itself start ("any state"), when it has any. */
  anyState?: Box;
  /** Parents before their children. */
  states: LaidOutState[];
  initials: LaidOutInitial[];
  edges: LaidOutEdge[];
}

/**
 * Sizes both the layout and the drawing use. Text is set in a monospace font, so its width is known without
 * measuring: about 0.6 em a character in the common ones (Menlo, DejaVu Sans Mono, SF Mono; Consolas is narrower).
 */
export const METRICS = {
  stateFontSize: 13,
  labelFontSize: 11,
  /** Width of one character, in em. */
  charWidth: 0.62,
  labelLineHeight: 13,
  labelPadding: { x: 4, y: 2 },
  leafHeight: 32,
  leafPaddingX: 14,
  leafMinWidth: 84,
  /** Room above a compound state's children for its name. */
  headerHeight: 28,
  compoundPadding: 10,
  initialDot: 10,
} as const;

/** The name of the mark that transitions declared on the machine itself start from. */
export const ANY_STATE = 'any state';

export const textWidth = (text: string, fontSize: number): number =>
  Math.ceil(text.length * fontSize * METRICS.charWidth);

/** A transition label's lines: the event, then the guard in brackets. */
export const labelLines = ({ event, guard }: { event: string; guard?: string }): string[] =>
  guard ? [event, `[${guard}]`] : [event];
