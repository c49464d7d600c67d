import { memo, useEffect, useId, useRef, useState } from 'react';
import type { DiagramLayout } from './diagram/layout';
import { type PanelMark, StateChart } from './diagram/StateChart';
import layoutData from './diagram/session-machine.layout.json';
import { PANEL_NAMES, type PanelId } from './logbook';

const layout = layoutData as DiagramLayout;

/** How long a panel that moved is still followed, beside the one that moves next. */
const FOLLOW_MS = 3000;

type Edges = Pick<DOMRect, 'left' | 'right' | 'top' | 'bottom'>;

/** The box around some boxes. */
const around = (rects: readonly Edges[]): Edges => ({
  left: Math.min(...rects.map((rect) => rect.left)),
  right: Math.max(...rects.map((rect) => rect.right)),
  top: Math.min(...rects.map((rect) => rect.top)),
  bottom: Math.max(...rects.map((rect) => rect.bottom)),
});

const fitsIn = (view: DOMRect, rects: readonly Edges[]) => {
  const all = around(rects);
  return all.right - all.left < view.width && all.bottom - all.top < view.height;
};

export interface DiagramProps {
  marks: readonly PanelMark[];
  /** Which panels the page has now, for the legend. */
  panels: readonly PanelId[];
  /** What the diagram shows instead of now ("12:04:05.123, Device A: online"), with the way back. */
  past?: { label: string; onBackToLive(): void };
}

/**
 * `sessionMachine` drawn from its precomputed layout, with where each panel is (its ring and badge) and the transition
 * it took last (lit in its colour, animated). Shows the present, or the moment a log row picked.
 */
export const Diagram = memo(function Diagram({ marks, panels, past }: DiagramProps) {
  const id = useId();
  // The chart is bigger than any screen: it starts at its real size, in a box that scrolls to where the panels are;
  // "Actual size" off fits it to the width, as an overview.
  const [actualSize, setActualSize] = useState(true);
  const canvas = useRef<HTMLDivElement>(null);
  const where = marks.map((mark) => mark.state).join(' ');
  // At its real size the chart is bigger than its box: follow the panels that moved in the last few seconds (as many
  // of them as fit in view, the latest first); at first, every panel.
  const moves = useRef<Record<string, { state: string | undefined; at: number }>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: `where` says when the marks moved; `marks` is read then.
  useEffect(() => {
    const now = Date.now();
    for (const { panel, state } of marks) {
      if (moves.current[panel]?.state !== state) moves.current[panel] = { state, at: now };
    }
    const box = canvas.current;
    if (!actualSize || !box || !where) return;
    const recent = marks
      .filter((mark) => now - (moves.current[mark.panel]?.at ?? 0) < FOLLOW_MS)
      .sort((a, b) => moves.current[b.panel]!.at - moves.current[a.panel]!.at);
    const states = (recent.length > 0 ? recent : marks).flatMap((mark) => {
      const state = box.querySelector(`.sc-leaf[data-active~="${mark.panel}"]`);
      return state ? [state.getBoundingClientRect()] : [];
    });
    const view = box.getBoundingClientRect();
    let shown = states;
    while (shown.length > 1 && !fitsIn(view, shown)) shown = shown.slice(0, -1);
    if (shown.length === 0) return;
    const target = around(shown);
    box.scrollLeft += (target.left + target.right) / 2 - (view.left + view.width / 2);
    box.scrollTop += (target.top + target.bottom) / 2 - (view.top + view.height / 2);
  }, [actualSize, where]);
  return (
    <section aria-labelledby={`${id}-title`} id="state-diagram" className="panel diagram">
      <div className="diagram-header">
        <h2 id={`${id}-title`}>State diagram</h2>
        <ul className="legend" aria-label="Panels">
          {panels.map((panel) => (
            <li key={panel}>
              <span className={`badge badge-${panel.toLowerCase()}`}>{panel}</span> {PANEL_NAMES[panel]}
            </li>
          ))}
        </ul>
        <div className="buttons">
          <button type="button" aria-pressed={actualSize} onClick={() => setActualSize(!actualSize)}>
            Actual size
          </button>
        </div>
      </div>
      {past && (
        <div className="past">
          <p>
            Showing <strong>{past.label}</strong>
          </p>
          <button type="button" onClick={past.onBackToLive}>
            Back to live
          </button>
        </div>
      )}
      <div ref={canvas} className={`diagram-canvas${actualSize ? ' actual-size' : ''}`}>
        <StateChart
          layout={layout}
          marks={marks}
          description={`of sessionMachine${past ? `, ${past.label}` : ''}`}
        />
      </div>
      <p className="hint">
        Laid out from <code>sessionMachine</code> by ELK when the docs are built (
        <code>pnpm docs:diagram</code>): the page ships the layout, not the layout engine. Dots mark initial
        states; an arrow from a parent applies in all of its substates. Hover an arrow to follow it.
      </p>
    </section>
  );
});
