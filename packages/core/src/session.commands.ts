import type { SessionActor } from './create-session';
import type { LoginParams } from './session.types';

/** The app's four commands to a session, and the session itself. Bindings hand these to components. */
export interface SessionCommands {
  /**
   * Sends `LOGIN`. Without `userSig`, the session asks the `getUserSig` option for one. The event's `userSig` is
   * not enumerable, so serialising the event (a log line, a dev warning) leaves it out.
   */
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

/** Binds the four commands to a session; each keeps its identity for the session's life. */
export function sessionCommands(session: SessionActor): SessionCommands {
  return {
    // The UserSig rides the event as a non-enumerable property: the machine reads it, but JSON.stringify skips it,
    // so no serialised copy of the event carries it (e.g. XState's "sent to stopped actor" warning).
    // `{ ...params }` also takes a missing `params` (untyped callers): that LOGIN is refused as INVALID_USER_ID.
    login: (params) => {
      const { userSig, ...rest } = { ...params };
      session.send(Object.defineProperty({ ...rest, type: 'LOGIN' as const }, 'userSig', { value: userSig }));
    },
    logout: () => session.send({ type: 'LOGOUT' }),
    relogin: () => session.send({ type: 'RELOGIN' }),
    retry: () => session.send({ type: 'RETRY' }),
    session,
  };
}
