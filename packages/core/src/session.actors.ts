import { type AnyActorRef, fromCallback, fromPromise } from 'xstate';
import { runtimeOf } from './session.runtime';
import type { SessionSdkEvent, UserSigReason } from './session.types';

/**
 * The steps the statechart invokes, each one effect: it finds its session's runtime through its parent, so inputs
 * carry only what a step needs, never the session itself (whose mailbox an inspector could read) nor anything
 * secret. A step resolves when it succeeded and rejects with a `StepFailure` when it did not.
 */
const runtimeOfSession = (self: AnyActorRef) => runtimeOf(self._parent!);

/** A login attempt's input: who logs in, why a UserSig is needed, and whether to ask the app for one first. */
type AttemptInput = { userID: string; reason: UserSigReason; askForUserSig: boolean };

/**
 * Lives as long as the session: routes SDK listener callbacks into the machine, and on stop releases the SDK (R15),
 * after which late callbacks are dropped.
 */
export const sdkBridge = fromCallback<SessionSdkEvent>(({ self, sendBack }) =>
  runtimeOfSession(self).connect(sendBack),
);

/** `initSDK` with the SDKAppID the session checked, the SDK's log level and the session's listener. */
export const initSdk = fromPromise<unknown, { sdkAppID: number }>(({ input, self }) => {
  const { gate, sdkLogLevel, listener } = runtimeOfSession(self);
  return gate.init(input.sdkAppID, sdkLogLevel, listener);
});

/**
 * One login attempt: the app's `getUserSig` is asked first when the statechart chose so (the keeper holds the answer:
 * nothing secret comes out), then `sdk.login` with the held UserSig, which the gate refuses at once while an earlier
 * login or logout still runs (R13b). Synchronous up to `sdk.login` when no UserSig is asked for.
 */
export const logIn = fromPromise<unknown, AttemptInput>(({ input, self, signal }) => {
  const { gate, keeper } = runtimeOfSession(self);
  const { userID, reason, askForUserSig } = input;
  const login = () => gate.login(userID, keeper.held!, reason, signal);
  return askForUserSig ? keeper.ask(userID, reason, signal).then(login) : login();
});

/** `sdk.logout()`; refused while a login is in flight (that login is logged out if it succeeds). */
export const logOut = fromPromise(({ self }) => runtimeOfSession(self).gate.logout());

/** Waits until the earlier logins and logouts have settled or outlived `loginTimeoutMs` (R13b). */
export const waitForEarlierCalls = fromPromise(({ self, signal }) =>
  runtimeOfSession(self).gate.settled(signal),
);

/** Reads when the held UserSig expires (a TLSSigAPIv2 UserSig says so without the key); outputs only that time. */
export const readSigExpiry = fromPromise<number | undefined>(({ self }) =>
  runtimeOfSession(self).keeper.expiresAt(),
);
