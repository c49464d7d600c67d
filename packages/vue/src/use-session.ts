import {
  type KickReason,
  type SelfInfo,
  type SessionCommands,
  type SessionError,
  type SessionSnapshot,
  type SessionStatus,
  selectStatus,
  sessionCommands,
} from '@imstate/core';
import { computed, type Ref, shallowRef } from 'vue';
import { useSessionScope } from './session-scope';

/** What `useSession()` reads from the session, as read-only refs. */
export interface SessionRefs {
  /** The active top-level state: `init`, `loggedOut`, `connecting`, `online`, `kicked` or `sigExpired`. */
  status: Readonly<Ref<SessionStatus>>;
  /** The user the session is logged in (or logging in) as. */
  userID: Readonly<Ref<string | undefined>>;
  /** The logged-in user's profile, once the SDK reports it. */
  selfInfo: Readonly<Ref<SelfInfo | undefined>>;
  /** The last failure, if any. */
  error: Readonly<Ref<SessionError | undefined>>;
  /** Why the session was kicked, while it is. */
  kickReason: Readonly<Ref<KickReason | undefined>>;
}

/** What `useSession()` lets the app do. */
export type SessionActions = SessionCommands;

/** The result of `useSession()`: destructure it freely, every value is a ref or a function. */
export type UseSessionResult = SessionRefs & SessionActions;

/**
 * The session's status, user, profile, last error and kick reason as read-only refs, with the
 * actions an app needs. Each ref triggers its watchers only when its own value changes.
 */
export function useSession(): UseSessionResult {
  const { session, listen } = useSessionScope('useSession');
  const snapshot = shallowRef(session.getSnapshot());
  listen(() =>
    session.subscribe((next) => {
      snapshot.value = next;
    }),
  );
  // A computed ref notifies its readers only when its value changes, so one subscription serves all five.
  const read = <T>(select: (s: SessionSnapshot) => T) => computed(() => select(snapshot.value));
  return {
    status: read(selectStatus),
    userID: read((s) => s.context.userID),
    selfInfo: read((s) => s.context.selfInfo),
    error: read((s) => s.context.error),
    kickReason: read((s) => s.context.kickReason),
    ...sessionCommands(session),
  };
}
