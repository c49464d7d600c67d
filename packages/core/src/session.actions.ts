import type { AnyActorRef } from 'xstate';
import type { StepFailure } from './session.calls';
import { errorFromException, resolvePolicy, sessionError } from './session.policy';
import { bindRuntime, createRuntime, keeperOf, runtimeOf } from './session.runtime';
import { optionsOf, userSigOf } from './session.sealed';
import type {
  MachineContext,
  MachineEvent,
  SessionEmitted,
  SessionError,
  SessionOptions,
  TabCommand,
} from './session.types';
import { isUsableUserSig, loginProblem } from './session.validation';

/**
 * The bodies of the statechart's larger actions, and what they share. Each is named in `setup()` in
 * `session.machine.ts`, which is where to read when it runs.
 */

/** Why a step failed: what the `xstate.error.actor.*` event a guard or action is evaluated for carries. */
export const failureOf = (event: object) => (event as { error: StepFailure }).error;

/** The event of `type`, for guards and actions that only run on it. */
export type EventOf<T extends MachineEvent['type']> = Extract<MachineEvent, { type: T }>;

/** A login attempt's input: who logs in, and why a UserSig is needed (`loginReason`). */
export const loginInput = ({ context }: { context: MachineContext }) => ({
  userID: context.userID!,
  reason: context.loginReason,
  askForUserSig: context.asksForUserSig,
});
/** The arguments a guard reads. */
export type GuardArgs = { context: MachineContext };
/** Sends a command to the tab coordinator (without `tabs` there is none, and nothing happens). */
export const tell = (
  type: TabCommand['type'],
  { context, self }: { context: MachineContext; self: AnyActorRef },
) => self.getSnapshot().children.tabs?.send({ type, userID: context.userID, reason: context.kickReason });

/** What recording an error needs of an action's arguments. */
interface RecordArgs {
  enqueue: {
    (action: () => void): void;
    assign(values: { error: SessionError }): void;
    emit(event: SessionEmitted): void;
  };
  context: MachineContext;
  event: MachineEvent;
  self: object;
}

/** Records `error`, or else the error the event reports, emits it, and logs it at `level`. */
export const recordAt =
  (level: 'warn' | 'error') =>
  ({ enqueue, context, event, self }: RecordArgs, error?: SessionError) => {
    const recorded = error ?? errorOf(event, context);
    enqueue.assign({ error: recorded });
    enqueue.emit({ type: 'error', error: recorded });
    enqueue(() =>
      runtimeOf(self).log(level, recorded.message, { code: recorded.code, source: recorded.source }),
    );
  };

/** What the actions below need of an action's arguments. */
export interface ActionArgs {
  enqueue: {
    (action: () => void): void;
    assign(values: Partial<MachineContext>): void;
    stopChild(id: 'sigExpiry'): void;
    spawnChild(src: 'readSigExpiry', options: { id: 'sigExpiry' }): void;
  };
  context: MachineContext;
  event: MachineEvent;
  self: object;
}

/**
 * Whether a UserSig is held now, and when it expires: at once for one the server already refused as expired, else
 * read from it in the background by the `sigExpiry` child.
 */
export const noteHeldUserSig = ({ enqueue }: ActionArgs, held: boolean, refused = false) => {
  enqueue.assign({ holdsUserSig: held, sigExpiresAt: refused ? Date.now() : undefined });
  enqueue.stopChild('sigExpiry');
  if (held && !refused) enqueue.spawnChild('readSigExpiry', { id: 'sigExpiry' });
};

/** Another user, or a session that ended: no UserSig is held, none is remembered. */
export const forgetUserSig = (args: ActionArgs) => {
  args.enqueue(() => runtimeOf(args.self).keeper.forget());
  noteHeldUserSig(args, false);
};

/** The server said the held UserSig expired: it is never used again, nor taken back from the app. */
export const retireUserSig = ({ enqueue, self }: ActionArgs) => {
  enqueue.stopChild('sigExpiry');
  enqueue.assign({ sigExpiresAt: Date.now() });
  enqueue(() => runtimeOf(self).keeper.markExpired());
};

/** The error an event reports: an invalid LOGIN, a failed connection, a step that failed or threw. */
export function errorOf(event: MachineEvent, context: MachineContext): SessionError {
  if (event.type === 'LOGIN') return loginProblem(event, context.hasUserSigProvider)!;
  // The session's listener always sends an error; an app that sends this event itself may not.
  if (event.type === 'SDK.CONNECT_FAILED') return event.error ?? errorFromException(undefined);
  return failureOf(event).error ?? errorFromException(failureOf(event));
}

/** The error a refresh episode rests with: the SDK's own answer, or USER_SIG_REFRESH_FAILED. */
export function refreshFailure({ context, event }: { context: MachineContext; event: object }): SessionError {
  const last = errorOf(event as MachineEvent, context);
  if (last.source === 'sdk') return last;
  return sessionError(
    'USER_SIG_REFRESH_FAILED',
    `Could not refresh the expired UserSig (${last.message})`,
    'provider',
  );
}

/** The user a LOGIN names (keeping the profile of the same user), and the UserSig it brings, if any. */
export function rememberUser(args: ActionArgs) {
  const { enqueue, context, self } = args;
  const event = args.event as EventOf<'LOGIN'>;
  enqueue.assign({
    userID: event.userID,
    selfInfo: event.userID === context.userID ? context.selfInfo : undefined,
  });
  const userSig = userSigOf(event);
  enqueue(() => runtimeOf(self).keeper.hold(userSig));
  noteHeldUserSig(args, isUsableUserSig(userSig), !!keeperOf(self)?.refused(userSig));
}

/**
 * Names the user of the tab that holds the login, takes it over, or (`TAB.GRANTED`) held it last; a UserSig is kept
 * only for the same user.
 */
export function recordOtherTab(args: ActionArgs) {
  const event = args.event as EventOf<'TAB.TAKEOVER' | 'TAB.HELD_ELSEWHERE' | 'TAB.GRANTED'>;
  const userID = event.userID ?? args.context.userID;
  args.enqueue.assign({ kickReason: 'otherTab', userID });
  if (userID !== args.context.userID) forgetUserSig(args);
}

/** LOGOUT: nobody is logged in, nothing of the user is kept. */
export function endSession(args: ActionArgs) {
  args.enqueue.assign({
    userID: undefined,
    selfInfo: undefined,
    attempt: 0,
    error: undefined,
    kickReason: undefined,
    pendingLogin: false,
  });
  forgetUserSig(args);
}

/** The machine's first context; also binds the session's runtime to it (the SDK, the UserSig, the app's functions). */
export function initialContext(settings: SessionOptions, self: object): MachineContext {
  const input = optionsOf(settings);
  const policy = resolvePolicy(input);
  bindRuntime(self, createRuntime(input, policy.loginTimeoutMs));
  return {
    attempt: 0,
    sdkAppID: input.sdkAppID,
    hasUserSigProvider: typeof input.getUserSig === 'function',
    policy,
    retryDelayMs: 0,
    loginReason: 'login',
    pendingLogin: false,
    holdsUserSig: false,
    asksForUserSig: false,
    tab: input.tabs ? 'standby' : 'alone',
    ...(input.tabs && { autoTakeOver: input.tabs.autoTakeOver }),
  };
}

export const INVALID_SDK_APP_ID = sessionError(
  'INVALID_SDK_APP_ID',
  'sdkAppID must be a positive safe integer',
  'validation',
);
export const INIT_TIMED_OUT = sessionError('LOGIN_TIMEOUT', 'sdk.initSDK timed out', 'timeout');
export const NO_USABLE_USER_SIG = sessionError(
  'INVALID_USER_SIG',
  'No usable UserSig and no getUserSig',
  'validation',
);
