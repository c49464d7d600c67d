import type { SessionActor } from './create-session';
import type { LoginParams } from './session.types';

/** The app's four commands to a session, and the session itself. Bindings hand these to components. */
export interface SessionCommands {
  /**
   * Sends `LOGIN`. Without `userSig`, the session asks the `getUserSig` option for one. A session from
   * `createSession` takes the UserSig out of the event before XState sees it.
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
    // `...params` also takes a missing `params` (untyped callers): that LOGIN is refused as INVALID_USER_ID.
    login: (params) => session.send({ ...params, type: 'LOGIN' }),
    logout: () => session.send({ type: 'LOGOUT' }),
    relogin: () => session.send({ type: 'RELOGIN' }),
    retry: () => session.send({ type: 'RETRY' }),
    session,
  };
}
