import { memo } from 'react';
import { DIAGRAM_CSS } from './diagram-css';
import {
  ANY_STATE,
  type DiagramLayout,
  type LaidOutState,
  labelLines,
  METRICS,
  type Point,
  textWidth,
} from './layout';

/** A transition as a session took it: the same names as the diagram's arrows. */
export interface TakenTransition {
  from: string;
  to: string;
  event: string;
  guard?: string;
}

/** Where one panel (a device's session) is on the diagram, and the transition it took last. */
export interface PanelMark {
  /** `A`, `B`, `A2`: what `data-active` and `data-last` list. */
  panel: string;
  /** The active state's path, e.g. `connecting.offline`. */
  state?: string;
  last?: TakenTransition & {
    /** Changes each time a transition is taken, so its animation plays again. */
    seq: number;
  };
}

export interface StateChartProps {
  layout: DiagramLayout;
  /** In the order their badges stand. */
  marks?: readonly PanelMark[];
  /** What `aria-label` says after "State diagram", e.g. "of sessionMachine". */
  description?: string;
  /** Prefixes the SVG's ids (its arrowhead marker), unique per page. */
  idPrefix?: string;
}

const isIn = (path: string, state: string | undefined) =>
  state !== undefined && (state === path || state.startsWith(`${path}.`));

const sameTransition = (a: TakenTransition, b: TakenTransition) =>
  a.from === b.from && a.to === b.to && a.event === b.event && (a.guard ?? '') === (b.guard ?? '');

const markClass = (panel: string) => `sc-mark-${panel.toLowerCase()}`;

/** An orthogonal route with its corners rounded. */
export function routePath(points: readonly Point[], radius = 6): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let path = `M${first.x} ${first.y}`;
  rest.forEach((corner, index) => {
    const next = rest[index + 1];
    const previous = points[index]!;
    if (!next) {
      path += ` L${corner.x} ${corner.y}`;
      return;
    }
    const r = Math.min(
      radius,
      Math.hypot(corner.x - previous.x, corner.y - previous.y) / 2,
      Math.hypot(next.x - corner.x, next.y - corner.y) / 2,
    );
    const toward = (from: Point, to: Point) => {
      const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
      return { x: from.x + ((to.x - from.x) / length) * r, y: from.y + ((to.y - from.y) / length) * r };
    };
    const before = toward(corner, previous);
    const after = toward(corner, next);
    path += ` L${before.x} ${before.y} Q${corner.x} ${corner.y} ${after.x} ${after.y}`;
  });
  return path;
}

/** Side-by-side name tags of the panels in a state. */
function Badges({ panels, right, top }: { panels: readonly string[]; right: number; top: number }) {
  const widths = panels.map((panel) => textWidth(panel, 10) + 8);
  let x = right - widths.reduce((sum, width) => sum + width + 3, 0);
  return (
    <g className="sc-badges">
      {panels.map((panel, index) => {
        const width = widths[index]!;
        const badge = (
          <g key={panel} className={`sc-badge ${markClass(panel)}`}>
            <rect x={x} y={top} width={width} height={15} rx={7.5} />
            <text x={x + width / 2} y={top + 11}>
              {panel}
            </text>
          </g>
        );
        x += width + 3;
        return badge;
      })}
    </g>
  );
}

function State({ state, marks }: { state: LaidOutState; marks: readonly PanelMark[] }) {
  const here = marks.filter((mark) => isIn(state.path, mark.state)).map((mark) => mark.panel);
  const innermost = marks.filter((mark) => mark.state === state.path).map((mark) => mark.panel);
  const { x, y, width, height } = state;
  return (
    <g
      className={`sc-state ${state.compound ? 'sc-compound' : 'sc-leaf'}`}
      data-state={state.path}
      data-active={here.length > 0 ? here.join(' ') : undefined}
    >
      {here.map((panel, index) => {
        const gap = 2.5 + index * 3.5;
        return (
          <rect
            key={panel}
            className={`sc-ring ${markClass(panel)}`}
            x={x - gap}
            y={y - gap}
            width={width + 2 * gap}
            height={height + 2 * gap}
            rx={8 + gap}
          />
        );
      })}
      <rect
        className={`sc-box${here[0] ? ` ${markClass(here[0])}` : ''}`}
        x={x}
        y={y}
        width={width}
        height={height}
        rx={8}
      />
      <text
        className="sc-name"
        x={state.compound ? x + METRICS.compoundPadding : x + width / 2}
        y={state.compound ? y + 19 : y + height / 2 + 4.5}
        textAnchor={state.compound ? 'start' : 'middle'}
      >
        {state.key}
      </text>
      {innermost.length > 0 && <Badges panels={innermost} right={x + width - 4} top={y - 9} />}
    </g>
  );
}

/**
 * A statechart drawn from a precomputed layout: states (nested inside their parents), initial marks, and one
 * element per transition with its label. Each panel's active states carry its ring and badge (`data-active`),
 * and the transition it took last is lit in its colour and animated (`data-last`).
 */
export const StateChart = memo(function StateChart({
  layout,
  marks = [],
  description = `of ${layout.machine}`,
  idPrefix = 'sc',
}: StateChartProps) {
  const arrow = `${idPrefix}-arrow`;
  const { labelFontSize, labelLineHeight, labelPadding } = METRICS;
  const where = marks
    .filter((mark) => mark.state)
    .map((mark) => `${mark.panel} in ${mark.state}`)
    .join(', ');
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      className="state-chart"
      role="img"
      aria-label={`State diagram ${description}${where ? `: ${where}` : ''}`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
    >
      <style>{DIAGRAM_CSS}</style>
      <defs>
        <marker
          id={arrow}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0 L10 5 L0 10 z" fill="context-stroke" />
        </marker>
      </defs>
      <rect className="sc-background" width={layout.width} height={layout.height} />
      <g className="sc-frame">
        <rect x={0.5} y={0.5} width={layout.width - 1} height={layout.height - 1} rx={10} />
        <text className="sc-title" x={METRICS.compoundPadding} y={19}>
          {layout.machine}
        </text>
      </g>
      {layout.anyState && (
        <g className="sc-any">
          <rect {...layout.anyState} rx={8} />
          <text
            x={layout.anyState.x + layout.anyState.width / 2}
            y={layout.anyState.y + layout.anyState.height / 2 + 4.5}
          >
            {ANY_STATE}
          </text>
        </g>
      )}
      {layout.states.map((state) => (
        <State key={state.path} state={state} marks={marks} />
      ))}
      {layout.initials.map((initial) => (
        <g key={initial.parent} className="sc-initial" data-initial={initial.target}>
          <circle cx={initial.points[0]!.x} cy={initial.points[0]!.y} r={METRICS.initialDot / 2} />
          <path className="sc-edge" d={routePath(initial.points)} markerEnd={`url(#${arrow})`} />
        </g>
      ))}
      {layout.edges.flatMap((edge) => {
        const d = routePath(edge.points);
        return edge.transitions.map((transition) => {
          const taken = { from: edge.from, to: edge.to, ...transition };
          const lastBy = marks.filter((mark) => mark.last && sameTransition(mark.last, taken));
          const lines = labelLines(transition);
          return (
            <g
              key={`${edge.from}>${edge.to} ${transition.event} ${transition.guard ?? ''}`}
              className="sc-transition"
              data-from={edge.from}
              data-to={edge.to}
              data-event={transition.event}
              data-guard={transition.guard}
              data-last={lastBy.length > 0 ? lastBy.map((mark) => mark.panel).join(' ') : undefined}
            >
              <path className="sc-edge" d={d} markerEnd={`url(#${arrow})`} />
              {lastBy.map((mark, index) => (
                <g key={mark.panel} className={`sc-last ${markClass(mark.panel)}`}>
                  <path className="sc-last-line" d={d} style={{ animationDelay: `${index * -0.3}s` }} />
                  <circle key={mark.last!.seq} className="sc-pulse" r={4.5}>
                    <animateMotion dur="0.8s" fill="freeze" path={d} />
                  </circle>
                </g>
              ))}
              <g className={`sc-label${lastBy[0] ? ` ${markClass(lastBy[0].panel)}` : ''}`}>
                <rect
                  x={transition.x}
                  y={transition.y}
                  width={transition.width}
                  height={transition.height}
                  rx={3}
                />
                {lines.map((line, index) => (
                  <text
                    key={line}
                    className={index === 0 ? 'sc-event' : 'sc-guard'}
                    x={transition.x + labelPadding.x}
                    y={transition.y + labelPadding.y + (index + 1) * labelLineHeight - 3}
                    fontSize={labelFontSize}
                  >
                    {line}
                  </text>
                ))}
              </g>
            </g>
          );
        });
      })}
    </svg>
  );
});
