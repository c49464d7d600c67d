import { createSession, type SessionActor, type SessionOptions } from '@imstate/core';
import { isSessionActor, isSessionStopped } from '@imstate/core/bindings';
import { type ReactElement, type ReactNode, useEffect, useRef, useState } from 'react';
import { afterThisTick } from './after-this-tick';
import { SessionActorContext } from './session-context';

/** Props of `<SessionProvider>`: either `options` (the provider owns the session) or `session` (the app does). */
export type SessionProviderProps = { children?: ReactNode } & (
  | {
      /**
       * Options for the session the provider creates, starts and, when it unmounts, stops. Read once on
       * mount, like `useState`'s initial value: give the provider a new `key` to start over with new options.
       */
      options: SessionOptions;
      session?: never;
    }
  | {
      /** A session the app created; the provider never starts or stops it. */
      session: SessionActor;
      options?: never;
    }
);

interface OwnedSession {
  options: SessionOptions;
  actor: SessionActor;
}

/**
 * Makes a session available to the hooks below it. With `options`, it creates one session, starts it
 * after mounting (so server rendering and hydration show `init` and never touch the SDK) and stops it on
 * unmount (`unInitSDK`). With `session`, it only passes the app's session down.
 *
 * @throws TypeError when given both props, neither, or a `session` that is not a session actor; an Error when a
 * re-render switches between `options` and `session`.
 */
export function SessionProvider(props: SessionProviderProps): ReactElement {
  const { options, session: appSession } = props;
  if (appSession !== undefined) {
    if (options !== undefined) {
      throw new TypeError('<SessionProvider> takes an `options` or a `session` prop, not both.');
    }
    if (!isSessionActor(appSession)) {
      throw new TypeError(
        '<SessionProvider> needs a session actor, as createSession() returns, in its `session` prop.',
      );
    }
  }
  // With `session`, `options` is undefined (both throws above): no session of its own is made.
  const owned = useOwnedSession(options);
  // Who starts and stops the session is settled on mount; switching would orphan one or never start the other.
  if (owned ? appSession : options) {
    throw new Error(
      '<SessionProvider> cannot switch between `options` and `session` once mounted: give it a new `key` instead.',
    );
  }
  const session = appSession ?? owned;
  if (!session) {
    throw new TypeError('<SessionProvider> needs either an `options` or a `session` prop.');
  }
  return <SessionActorContext.Provider value={session}>{props.children}</SessionActorContext.Provider>;
}

function useOwnedSession(options: SessionOptions | undefined): SessionActor | undefined {
  const [owned, setOwned] = useState<OwnedSession | undefined>(
    () => options && { options, actor: createSession(options) },
  );
  const mounts = useRef(0);
  useEffect(() => {
    if (!owned) return;
    const { actor } = owned;
    // A stopped session must not start again (XState would revive one stopped before it started): after
    // <Activity> hid the provider, or something stopped it before this effect ran, show a fresh session.
    if (isSessionStopped(actor)) {
      setOwned({ options: owned.options, actor: createSession(owned.options) });
      return;
    }
    const mount = ++mounts.current;
    actor.start();
    let sameTick = true;
    afterThisTick(() => {
      sameTick = false;
    });
    return () => {
      // StrictMode's simulated unmount comes in the same tick as the mount, followed at once by a remount:
      // defer the stop and drop it if a remount came, so the one actor survives and initSDK runs once.
      // Any later unmount is real: stop now, so unInitSDK has run when unmount() returns.
      if (!sameTick) {
        actor.stop();
        return;
      }
      afterThisTick(() => {
        if (mounts.current === mount) actor.stop();
      });
    };
  }, [owned]);
  return owned?.actor;
}
