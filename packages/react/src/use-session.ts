import type { SessionView } from '@imstate/core';
import { type SessionCommands, selectView, sessionCommands } from '@imstate/core/bindings';
import { shallowEqual, useSelector } from '@xstate/react';
import { useMemo } from 'react';
import { useSessionActor } from './session-context';

/** What `useSession()` lets the app do. Each function keeps its identity for the life of the session. */
export type SessionActions = SessionCommands;

/**
 * The result of `useSession()`: the session's view (narrowed by `status`: `'online'` ⇒ `userID: string`,
 * `'kicked'` ⇒ `kickReason: KickReason`) and the actions.
 */
export type UseSessionResult = SessionView & SessionActions;

/**
 * The session's status, user, profile, last error, kick reason and tab role, with the actions an app needs.
 * The component renders again when any of those values changes; read one value with `useSessionSelector` to
 * render less. The values are frozen: writing to them never reaches the session.
 */
export function useSession(): UseSessionResult {
  const session = useSessionActor('useSession');
  const view = useSelector(session, selectView, shallowEqual);
  const actions = useMemo(() => sessionCommands(session), [session]);
  return useMemo(() => Object.freeze({ ...view, ...actions }), [view, actions]);
}
