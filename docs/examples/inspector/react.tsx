import { type SessionOptions, SessionProvider } from '@imstate/react';
import { createBrowserInspector } from '@statelyai/inspect';
import type { ReactNode } from 'react';

// One inspector tab for the page, opened in the browser (it needs `window`), in development only.
const inspector = createBrowserInspector();

/** A `<SessionProvider>` whose session reports to Stately's inspector. */
export function InspectedSessionProvider(props: { options: SessionOptions; children: ReactNode }) {
  return (
    <SessionProvider options={{ ...props.options, inspect: inspector.inspect }}>
      {props.children}
    </SessionProvider>
  );
}
