import {
  type KickReason,
  type LoginParams,
  type SelfInfo,
  type SessionActor,
  type SessionError,
  type SessionSnapshot,
  type SessionStatus,
  selectStatus,
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
export interface SessionActions {
  /** Sends `LOGIN`. Without `userSig`, the session asks the `getUserSig` option for one. */
  login(params: LoginParams): void;
  /** Sends `LOGOUT`. */
  logout(): void;
  /** Sends `RELOGIN`: logs the kicked user in again. */
  relogin(): void;
  /** Sends `RETRY`: repeats what failed last (init, login, or a UserSig refresh). */
  retry(): void;
  /** The session actor itself, for `send`, `on`, `getSnapshot` and inspection. */
  session: SessionActor;
}

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
    login: (params) => session.send({ ...params, type: 'LOGIN' }),
    logout: () => session.send({ type: 'LOGOUT' }),
    relogin: () => session.send({ type: 'RELOGIN' }),
    retry: () => session.send({ type: 'RETRY' }),
    session,
  };
}
