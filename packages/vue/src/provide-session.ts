import { createSession, type SessionActor, type SessionOptions } from '@imstate/core';
import { isSessionActor } from '@imstate/core/bindings';
import { getCurrentInstance, onMounted, onScopeDispose, provide } from 'vue';
import { sessionKey } from './session-scope';

/**
 * Provides a session to the descendants of the calling component; call it in `setup()`.
 *
 * - Given session options, it creates a session, starts it once the component is mounted (never
 *   during a server render) and stops it when the component unmounts, which releases the SDK.
 * - Given a session actor, it provides it as it is: the app starts and stops it.
 *
 * Returns the session. The calling component itself reads it from the return value: `useSession()`
 * there sees the session of an ancestor, as Vue's `inject` does.
 *
 * @throws TypeError when `source` is neither session options nor a session actor.
 */
export function provideSession(source: SessionOptions | SessionActor): SessionActor {
  if (!getCurrentInstance()) {
    throw new Error('provideSession() must be called in the setup() of a component.');
  }
  if (typeof source !== 'object' || source === null) {
    throw new TypeError('provideSession() takes session options (with an `sdk`) or a session actor.');
  }
  if (isSessionActor(source)) {
    provide(sessionKey, source);
    return source;
  }
  const session = createSession(source);
  provide(sessionKey, session);
  // After mount, so a hydrating client renders `init` exactly like the server did, with every
  // descendant already listening.
  onMounted(() => session.start());
  onScopeDispose(() => session.stop());
  return session;
}
