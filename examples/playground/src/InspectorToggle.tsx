import type { SessionActor } from '@imstate/core';
import { useEffect, useId, useState } from 'react';
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

  const toggle = (next: boolean) => {
    setOn(next);
    setFailure(undefined);
    if (!next) return inspector.close();
    inspector.open(sessions).catch((error: unknown) => {
      setOn(false);
      setFailure(error instanceof Error ? error.message : String(error));
    });
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
      <span id={`${id}-hint`} className="hint">
        {failure
          ? `Could not load the inspector: ${failure}`
          : 'Opens stately.ai/inspect in a new window (needs the internet and pop-ups).'}
      </span>
    </div>
  );
}
