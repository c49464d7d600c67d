import type { SessionActor } from '@imstate/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { InspectorBridge } from './inspector';

export interface InspectorToggleProps {
  inspector: InspectorBridge;
  sessions: readonly SessionActor[];
}

/** Opens Stately's XState inspector in a new window (it needs the internet); the page works without it. */
export function InspectorToggle({ inspector, sessions }: InspectorToggleProps) {
  const id = useId();
  const [on, setOn] = useState(false);
  const [failure, setFailure] = useState<string>();
  // Leaving the page (or this component) closes the inspector connection.
  useEffect(() => () => inspector.close(), [inspector]);

  // Which switch-on an answer belongs to: a late answer to an earlier one is dropped.
  const attempt = useRef(0);

  const toggle = (next: boolean) => {
    setOn(next);
    setFailure(undefined);
    const current = ++attempt.current;
    if (!next) return inspector.close();
    inspector.open(sessions).then(
      async ({ connected }) => {
        if (!(await connected) && attempt.current === current) {
          setFailure(
            'Opened its window, but the inspector did not connect: it loads stately.ai/inspect, which needs the internet.',
          );
        }
      },
      (error: unknown) => {
        if (attempt.current !== current) return;
        setOn(false);
        setFailure(
          `Could not open the inspector: ${error instanceof Error ? error.message : String(error)}.`,
        );
      },
    );
  };

  return (
    <div className="inspector-toggle">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={on}
        aria-checked={on}
        aria-describedby={`${id}-hint`}
        onChange={(event) => toggle(event.target.checked)}
      />
      <label htmlFor={id}>Open in XState inspector</label>
      <span
        id={`${id}-hint`}
        className={failure ? 'hint failure' : 'hint'}
        role={failure ? 'alert' : undefined}
      >
        {failure ?? 'Opens stately.ai/inspect in a new window (needs the internet and pop-ups).'}
      </span>
    </div>
  );
}
