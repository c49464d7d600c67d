import { createSession, type SessionActor, type SessionOptions } from '@imstate/core';
import { isSessionActor } from '@imstate/core/bindings';
import type { App, Plugin } from 'vue';
import { sessionKey } from './session-scope';

/** What `createSessionPlugin` takes: options to create a session per app, or a session the app owns. */
export type SessionPluginOptions =
  | SessionOptions
  | {
      /** A session the app creates, starts and stops itself; the plugin only provides it. */
      session: SessionActor;
    };

/**
 * Makes a session available to every component of the app.
 *
 * - With session options, each app it is installed in gets its own session, created in `install()`,
 *   started when `app.mount()` runs (so a server render never touches the SDK) and stopped on
 *   `app.unmount()`, which releases the SDK.
 * - With `{ session }`, the app's own session is provided as it is: never started or stopped here.
 *
 * @throws TypeError when given neither session options nor `{ session }` with a session actor.
 */
export function createSessionPlugin(options: SessionPluginOptions): Plugin {
  if (
    typeof options !== 'object' ||
    options === null ||
    ('session' in options && !isSessionActor(options.session))
  ) {
    throw new TypeError(
      'createSessionPlugin() takes session options (with an `sdk`) or `{ session }` holding a session actor.',
    );
  }
  return {
    install(app: App) {
      if ('session' in options) {
        app.provide(sessionKey, options.session);
        return;
      }
      const session = createSession(options);
      app.provide(sessionKey, session);
      const mount = app.mount;
      // Started after the first render, so a hydrating client renders `init` exactly like the server did.
      app.mount = (...args: Parameters<App['mount']>) => {
        const root = mount(...args);
        session.start();
        return root;
      };
      app.onUnmount(() => session.stop());
    },
  };
}
