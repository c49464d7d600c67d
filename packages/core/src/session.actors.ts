import { type AnyActorRef, fromCallback, fromPromise } from 'xstate';
import { runtimeOf } from './session.runtime';
import type { SessionSdkEvent, UserSigReason } from './session.types';

/**
 * Every actor gets the session itself, to find its runtime; nothing secret travels in inputs.
 * The three steps resolve when they succeed and reject with a `StepFailure` when they do not.
 */
export interface SessionInput {
  session: AnyActorRef;
}

/**
 * Lives as long as the session: routes SDK listener callbacks into the machine, and on stop releases
 * the SDK (R15), after which late callbacks are dropped.
 */
export const sdkBridge = fromCallback<SessionSdkEvent, SessionInput>(({ input, sendBack }) =>
  runtimeOf(input.session).connect(sendBack),
);

/** `initSDK` with the app's SDKAppID, log level and the session's listener. */
export const initSdk = fromPromise<unknown, SessionInput>(({ input }) => runtimeOf(input.session).init());

/** One login attempt: find a UserSig (held or from `getUserSig`), wait for earlier calls, `sdk.login`. */
export const logIn = fromPromise<unknown, SessionInput & { userID: string; reason: UserSigReason }>(
  ({ input, signal }) => runtimeOf(input.session).login(input.userID, input.reason, signal),
);

/** `sdk.logout()`, or nothing when a login is still in flight (it is logged out if it succeeds). */
export const logOut = fromPromise<unknown, SessionInput>(({ input }) => runtimeOf(input.session).logout());
