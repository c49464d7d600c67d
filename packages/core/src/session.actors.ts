import { type AnyActorRef, fromCallback, fromPromise } from 'xstate';
import { runtimeOf } from './session.runtime';
import type { SessionSdkEvent, UserSigReason } from './session.types';

/**
 * Every actor is invoked by the session and finds its runtime through its parent: inputs carry only what a step
 * needs, never the session itself (whose mailbox an inspector could read) nor anything secret.
 * The three steps resolve when they succeed and reject with a `StepFailure` when they do not.
 */
const runtimeOfSession = (self: AnyActorRef) => runtimeOf(self._parent!);

/**
 * Lives as long as the session: routes SDK listener callbacks into the machine, and on stop releases
 * the SDK (R15), after which late callbacks are dropped.
 */
export const sdkBridge = fromCallback<SessionSdkEvent>(({ self, sendBack }) =>
  runtimeOfSession(self).connect(sendBack),
);

/** `initSDK` with the SDKAppID the session checked, the log level and the session's listener. */
export const initSdk = fromPromise<unknown, { sdkAppID: number }>(({ input, self }) =>
  runtimeOfSession(self).init(input.sdkAppID),
);

/** One login attempt: find a UserSig (held or from `getUserSig`), wait for earlier calls, `sdk.login`. */
export const logIn = fromPromise<unknown, { userID: string; reason: UserSigReason }>(
  ({ input, self, signal }) => runtimeOfSession(self).login(input.userID, input.reason, signal),
);

/** `sdk.logout()`, or nothing when a login is still in flight (it is logged out if it succeeds). */
export const logOut = fromPromise(({ self }) => runtimeOfSession(self).logout());
