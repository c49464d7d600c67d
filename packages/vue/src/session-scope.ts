import type { SessionActor } from '@imstate/core';
import { isSessionStopped } from '@imstate/core/bindings';
import { hasInjectionContext, type InjectionKey, inject, onScopeDispose, ssrContextKey } from 'vue';

/** Where `createSessionPlugin` and `provideSession` put the session for descendants. */
export const sessionKey: InjectionKey<SessionActor> = Symbol('imstate.session');

/** What a composable needs: the nearest session, and a way to listen to it for as long as its scope lives. */
export interface SessionScope {
  /** The session of the nearest provider. */
  session: SessionActor;
  /** Calls `subscribe` and ends the subscription when the current effect scope is disposed. */
  listen(subscribe: (session: SessionActor) => { unsubscribe(): void }): void;
}

/** The nearest session, or an error that tells the app which provider is missing. */
export function useSessionScope(composable: string): SessionScope {
  const session = hasInjectionContext() ? inject(sessionKey, null) : null;
  if (!session) {
    throw new Error(
      `${composable}() found no session: install createSessionPlugin() with app.use(), ` +
        'or call provideSession() in the setup() of an ancestor component.',
    );
  }
  // The server renderer provides its context to the app. There the session is never started and
  // scopes are never disposed, so a listener would only keep a shared session's observers growing.
  const onServer = inject(ssrContextKey, null) !== null;
  return {
    session,
    listen(subscribe) {
      // A stopped session (also one stopped before it started) never calls back: nothing to listen to.
      if (onServer || isSessionStopped(session)) return;
      const subscription = subscribe(session);
      onScopeDispose(() => subscription.unsubscribe());
    },
  };
}
