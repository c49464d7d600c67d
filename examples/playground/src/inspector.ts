import type { SessionActor } from '@imstate/core';
import type { InspectionEvent } from 'xstate';

type BrowserInspector = ReturnType<typeof import('@statelyai/inspect')['createBrowserInspector']>;

/** How long an opened inspector window may take to say it is there. */
export const CONNECT_TIMEOUT_MS = 15_000;

/**
 * Connects sessions to Stately's XState inspector, but only once the user asks for it: until then
 * `@statelyai/inspect` is not even loaded, and the page works offline. Sessions are created with
 * `inspect: bridge.inspect` from the start, so the bridge only has to start forwarding.
 */
export interface InspectorBridge {
  /** Pass as the session's `inspect` option. Drops events while the inspector is closed. */
  inspect(event: InspectionEvent): void;
  /**
   * Loads the inspector, opens its window and shows it the sessions that already run. Rejects when the window could
   * not be opened (a blocked pop-up); resolves to whether the window then connected within `timeoutMs` (it loads
   * stately.ai/inspect, so it needs the internet).
   */
  open(sessions: readonly SessionActor[], timeoutMs?: number): Promise<{ connected: Promise<boolean> }>;
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
    async open(sessions, timeoutMs = CONNECT_TIMEOUT_MS) {
      const attempt = ++opening;
      const { createBrowserInspector } = await import('@statelyai/inspect');
      // Closed (or opened again) while the module was loading: this attempt is stale.
      if (attempt !== opening) return { connected: Promise.resolve(false) };
      // The inspector opens its window through the `window` it is given: watch what `open` answers.
      let popup: Window | null | undefined;
      const connected = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => done(false), timeoutMs);
        const onMessage = (event: MessageEvent) => {
          if ((event.data as { type?: unknown } | null)?.type === '@statelyai.connected') done(true);
        };
        const done = (value: boolean) => {
          clearTimeout(timer);
          window.removeEventListener('message', onMessage);
          resolve(value);
        };
        window.addEventListener('message', onMessage);
      });
      const watched = {
        open: (...args: Parameters<Window['open']>) => {
          popup = window.open(...args);
          return popup;
        },
        addEventListener: window.addEventListener.bind(window),
        removeEventListener: window.removeEventListener.bind(window),
      } as unknown as Window;
      inspector = createBrowserInspector({ window: watched });
      if (popup === null) {
        inspector.stop();
        inspector = undefined;
        throw new Error('the browser blocked its pop-up window; allow pop-ups for this page and try again');
      }
      for (const session of sessions) {
        const { status, value, context } = session.getSnapshot();
        inspector.actor(session, { status, value, context });
      }
      return { connected };
    },
    close() {
      opening += 1;
      inspector?.stop();
      inspector = undefined;
    },
  };
}
