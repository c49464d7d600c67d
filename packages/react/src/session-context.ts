import type { SessionActor } from '@imstate/core';
import { createContext, useContext } from 'react';

/** The session of the nearest `<SessionProvider>`; `null` outside of one. */
export const SessionActorContext = createContext<SessionActor | null>(null);
SessionActorContext.displayName = 'SessionActorContext';

/** The nearest provider's session, or an error that tells the app which provider is missing. */
export function useSessionActor(hookName: string): SessionActor {
  const session = useContext(SessionActorContext);
  if (!session) {
    throw new Error(`${hookName}() must be called inside a <SessionProvider>.`);
  }
  return session;
}
