import type { SessionActor } from '@imstate/core';
import type { InspectionEvent } from 'xstate';

type BrowserInspector = ReturnType<typeof import('@statelyai/inspect')['createBrowserInspector']>;

/**
 * Connects sessions to Stately's XState inspector, but only once the user asks for it: until then
 * `@statelyai/inspect` is not even loaded, and the page works offline. Sessions are created with
 * `inspect: bridge.inspect` from the start, so the bridge only has to start forwarding.
 */
export interface InspectorBridge {
  /** Pass as the session's `inspect` option. Drops events while the inspector is closed. */
  inspect(event: InspectionEvent): void;
  /** Loads the inspector, opens its window and shows it the sessions that already run. */
  open(sessions: readonly SessionActor[]): Promise<void>;
  /** Stops forwarding and tells the inspector window so. */
  close(): void;
}

export function createInspectorBridge(): InspectorBridge {
  let inspector: BrowserInspector | undefined;
  let opening = 0;
  return {
    inspect(event) {
      inspector?.inspect.next?.(event);
    },
    async open(sessions) {
      const attempt = ++opening;
      const { createBrowserInspector } = await import('@statelyai/inspect');
      // Closed (or opened again) while the module was loading: this attempt is stale.
      if (attempt !== opening) return;
      inspector = createBrowserInspector();
      for (const session of sessions) {
        const { status, value, context } = session.getSnapshot();
        inspector.actor(session, { status, value, context });
      }
    },
    close() {
      opening += 1;
      inspector?.stop();
      inspector = undefined;
    },
  };
}
