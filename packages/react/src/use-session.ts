import {
  type SessionCommands,
  type SessionContext,
  type SessionSnapshot,
  type SessionStatus,
  selectStatus,
  sessionCommands,
} from '@imstate/core';
import { shallowEqual, useSelector } from '@xstate/react';
import { useMemo } from 'react';
import { useSessionActor } from './session-context';

/** What `useSession()` reads from the session. */
export interface SessionView extends Pick<SessionContext, 'userID' | 'selfInfo' | 'error' | 'kickReason'> {
  /** The active top-level state: `init`, `loggedOut`, `connecting`, `online`, `kicked` or `sigExpired`. */
  status: SessionStatus;
}

/** What `useSession()` lets the app do. Each function keeps its identity for the life of the session. */
export type SessionActions = SessionCommands;

/** The result of `useSession()`. */
export type UseSessionResult = SessionView & SessionActions;

function selectView(snapshot: SessionSnapshot): SessionView {
  const { userID, selfInfo, error, kickReason } = snapshot.context;
  return { status: selectStatus(snapshot), userID, selfInfo, error, kickReason };
}

/**
 * The session's status, user, profile, last error and kick reason, with the actions an app needs.
 * The component renders again when any of those five values changes; read one value with
 * `useSessionSelector` to render less.
 */
export function useSession(): UseSessionResult {
  const session = useSessionActor('useSession');
  const view = useSelector(session, selectView, shallowEqual);
  const actions = useMemo(() => sessionCommands(session), [session]);
  return useMemo(() => ({ ...view, ...actions }), [view, actions]);
}
