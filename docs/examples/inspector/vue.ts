import type { SessionOptions } from '@imstate/core';
import { createSessionPlugin } from '@imstate/vue';
import { createBrowserInspector } from '@statelyai/inspect';
import type { App } from 'vue';

/** Installs the session plugin with a session that reports to Stately's inspector (browser, development). */
export function installInspectedSession(app: App, options: SessionOptions): void {
  const inspector = createBrowserInspector();
  app.use(createSessionPlugin({ ...options, inspect: inspector.inspect }));
}
