import { memo, useEffect, useId, useRef, useState } from 'react';
import type { DiagramLayout } from './diagram/layout';
import { type PanelMark, StateChart } from './diagram/StateChart';
import layoutData from './diagram/session-machine.layout.json';
import { PANEL_NAMES, type PanelId } from './logbook';

const layout = layoutData as DiagramLayout;

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
  // On a phone the whole chart fits only as a thumbnail: start at its real size, in a box that scrolls.
  const [actualSize, setActualSize] = useState(
    () => window.matchMedia?.('(max-width: 600px)').matches ?? false,
  );
  const canvas = useRef<HTMLDivElement>(null);
  const where = marks.map((mark) => mark.state).join(' ');
  // At its real size the chart is bigger than its box: keep the first panel's state in view as it moves.
  useEffect(() => {
    const box = canvas.current;
    const state = box?.querySelector('.sc-leaf[data-active]');
    if (!actualSize || !box || !state || !where) return;
    const target = state.getBoundingClientRect();
    const view = box.getBoundingClientRect();
    box.scrollLeft += target.left + target.width / 2 - (view.left + view.width / 2);
    box.scrollTop += target.top + target.height / 2 - (view.top + view.height / 2);
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
