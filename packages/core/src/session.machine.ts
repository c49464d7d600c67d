import { type AnyActorRef, assign, emit, enqueueActions, setup } from 'xstate';
import { initSdk, logIn, logOut, sdkBridge } from './session.actors';
import { backoffDelay, ErrorCode, errorFromException, resolvePolicy } from './session.policy';
import { bindRuntime, createRuntime, type LoginOutcome, runtimeOf } from './session.runtime';
import type {
  SessionContext,
  SessionEmitted,
  SessionError,
  SessionEvent,
  SessionOptions,
} from './session.types';
import { isUsableUserSig, isValidSdkAppID, validateUserID } from './session.validation';

type Failure = Extract<LoginOutcome, { ok: false }>;

const session = ({ self }: { self: AnyActorRef }) => ({ session: self });
const output = <T>({ event }: { event: { output: T } }) => event.output;
const failure = ({ event }: { event: { output: { ok: boolean; error?: SessionError } } }) =>
  failureOf(event.output);
/** LOGIN where a fresh login is allowed: validated, then `connecting`. */
const rejectLogin = {
  type: 'recordError',
  params: (args: { context: SessionContext; event: SessionEvent }) => loginProblem(args)!,
} as const;
const freshLogin = [
  { guard: 'loginIsInvalid', actions: rejectLogin },
  { target: '#session.connecting', actions: ['acceptLogin', { type: 'startLogin', params: 'login' }] },
] as const;
/** LOGOUT from a logged-in state: `loggedOut` at once, `sdk.logout()` in the background. */
const logOutNow = {
  target: '#session.loggedOut.loggingOut',
  actions: ['endSession', 'announceLoggedOut'],
} as const;

/**
 * The IM login session as a statechart. Top-level states are exactly the six `SessionStatus` names:
 *
 * - `init` — `validating` the SDKAppID, `initializing` the SDK, or `failed` (RETRY starts over).
 * - `loggedOut` — `idle`, or `loggingOut` while `sdk.logout()` runs in the background.
 * - `connecting` — `loggingIn` (one attempt), `retrying` (backoff between attempts), `switchingUser`
 *   (logging the previous user out first), `reconnecting` / `offline` (the SDK reconnects by itself).
 * - `online`.
 * - `kicked` — rests until the app decides (RELOGIN, LOGIN, LOGOUT).
 * - `sigExpired` — `refreshing` through `getUserSig`, `backingOff` between refreshes, or `waiting` for the app.
 */
export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionOptions,
    emitted: {} as SessionEmitted,
  },
  actors: { sdkBridge, initSdk, logIn, logOut },
  guards: {
    hasValidSdkAppID: ({ context }) => isValidSdkAppID(context.sdkAppID),
    hasUserSigProvider: ({ context }) => context.hasUserSigProvider,
    hasPendingLogin: ({ context }) => context.pendingLogin,
    loginIsInvalid: ({ context, event }) =>
      event.type === 'LOGIN' &&
      (validateUserID(event.userID) !== undefined ||
        (!isUsableUserSig(event.userSig) && !context.hasUserSigProvider)),
    isSameUser: ({ context, event }) => event.type === 'LOGIN' && event.userID === context.userID,
    canRepeatLogin: ({ context }) => context.userID !== undefined && context.error !== undefined,
    succeeded: (_, outcome: { ok: boolean }) => outcome.ok,
    failed: (_, outcome: { ok: boolean }) => !outcome.ok,
    userSigExpired: (_, outcome: LoginOutcome) => !outcome.ok && outcome.failure === 'expired',
    refusedForGood: (_, outcome: LoginOutcome) => !outcome.ok && outcome.failure === 'permanent',
    hasAttemptsLeft: ({ context }) => context.attempt < context.policy.retry.maxAttempts,
    hasRefreshesLeft: ({ context }) => context.attempt < context.policy.sigRetry.maxAttempts,
  },
  actions: {
    recordError: enqueueActions(({ enqueue, self }, error: SessionError) => {
      enqueue.assign({ error });
      enqueue.emit({ type: 'error', error });
      enqueue(() => runtimeOf(self).log('warn', error.message, { code: error.code, source: error.source }));
    }),
    clearError: assign({ error: undefined }),
    acceptLogin: enqueueActions(({ enqueue, event, context, self }) => {
      if (event.type !== 'LOGIN') return;
      const sameUser = event.userID === context.userID;
      enqueue.assign({
        userID: event.userID,
        selfInfo: sameUser ? context.selfInfo : undefined,
        sigExpiresAt: undefined,
      });
      enqueue(() => runtimeOf(self).holdUserSig(event.userSig));
    }),
    deferLogin: assign({ pendingLogin: true }),
    startLogin: assign((_, reason: SessionContext['loginReason']) => ({
      attempt: 0,
      error: undefined,
      kickReason: undefined,
      loginReason: reason,
      pendingLogin: false,
    })),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    scheduleRetry: assign({
      retryDelayMs: ({ context }, policy: 'retry' | 'sigRetry') =>
        backoffDelay(context.policy[policy], context.attempt),
    }),
    startRefreshEpisode: assign({ attempt: 0 }),
    recordUserSigExpiry: assign({
      sigExpiresAt: ({ event, context }) =>
        event.type === 'USER_SIG.DECODED' ? event.expiresAt : context.sigExpiresAt,
    }),
    markUserSigExpired: ({ self }) => runtimeOf(self).markUserSigExpired(),
    recordKick: assign({
      kickReason: ({ event }) => (event.type === 'SDK.KICKED' ? event.reason : 'unknown'),
    }),
    updateSelfInfo: assign({
      selfInfo: ({ event, context }) => (event.type === 'SDK.SELF_INFO' ? event.info : context.selfInfo),
    }),
    endSession: enqueueActions(({ enqueue, self }) => {
      enqueue.assign({
        userID: undefined,
        selfInfo: undefined,
        kickReason: undefined,
        error: undefined,
        sigExpiresAt: undefined,
        attempt: 0,
        pendingLogin: false,
      });
      enqueue(() => runtimeOf(self).forgetUserSig());
    }),
    announceOnline: emit({ type: 'online' }),
    announceKicked: emit(({ context }) => ({
      type: 'kicked' as const,
      reason: context.kickReason ?? 'unknown',
    })),
    announceSigExpired: emit({ type: 'sigExpired' }),
    announceLoggedOut: emit({ type: 'loggedOut' }),
  },
  delays: {
    retryDelay: ({ context }) => context.retryDelayMs,
  },
}).createMachine({
  id: 'session',
  context: ({ input, self }) => {
    const policy = resolvePolicy(input);
    bindRuntime(self, createRuntime(input, policy));
    return {
      attempt: 0,
      sdkAppID: input.sdkAppID,
      hasUserSigProvider: typeof input.getUserSig === 'function',
      policy,
      retryDelayMs: 0,
      loginReason: 'login',
      pendingLogin: false,
    };
  },
  invoke: { id: 'sdk', src: 'sdkBridge', input: session },
  on: { 'USER_SIG.DECODED': { actions: 'recordUserSigExpiry' } },
  initial: 'init',
  states: {
    init: {
      initial: 'validating',
      states: {
        validating: {
          always: [
            { guard: 'hasValidSdkAppID', target: 'initializing' },
            {
              target: 'failed',
              actions: {
                type: 'recordError',
                params: {
                  code: ErrorCode.INVALID_SDK_APP_ID,
                  message: 'sdkAppID must be a positive safe integer (0 is only a placeholder)',
                  source: 'validation',
                },
              },
            },
          ],
        },
        initializing: {
          invoke: {
            id: 'initSdk',
            src: 'initSdk',
            input: session,
            onDone: [
              {
                guard: { type: 'failed', params: output },
                target: 'failed',
                actions: { type: 'recordError', params: failure },
              },
              {
                guard: 'hasPendingLogin',
                target: '#session.connecting',
                actions: { type: 'startLogin', params: 'login' },
              },
              { target: '#session.loggedOut' },
            ],
            onError: {
              target: 'failed',
              actions: { type: 'recordError', params: ({ event }) => errorFromException(event.error) },
            },
          },
        },
        failed: {
          on: { RETRY: { target: 'validating', actions: 'clearError' } },
        },
      },
      on: {
        // A LOGIN sent before initSDK finished is remembered and replayed, not dropped.
        LOGIN: [
          { guard: 'loginIsInvalid', actions: rejectLogin },
          { actions: ['acceptLogin', 'deferLogin'] },
        ],
        LOGOUT: { actions: 'endSession' },
      },
    },
    loggedOut: {
      initial: 'idle',
      states: {
        idle: {},
        loggingOut: {
          invoke: {
            id: 'logout',
            src: 'logOut',
            input: session,
            onDone: [
              { guard: { type: 'succeeded', params: output }, target: 'idle' },
              { target: 'idle', actions: { type: 'recordError', params: failure } },
            ],
          },
        },
      },
      on: {
        LOGIN: freshLogin,
        RETRY: {
          guard: 'canRepeatLogin',
          target: 'connecting',
          actions: { type: 'startLogin', params: 'login' },
        },
      },
    },
    connecting: {
      initial: 'loggingIn',
      states: {
        switchingUser: {
          invoke: { id: 'logout', src: 'logOut', input: session, onDone: 'loggingIn' },
        },
        loggingIn: {
          entry: 'countAttempt',
          invoke: {
            id: 'login',
            src: 'logIn',
            input: ({ context, self }) => ({
              session: self,
              userID: context.userID ?? '',
              reason: context.loginReason,
            }),
            onDone: [
              {
                guard: { type: 'succeeded', params: output },
                target: '#session.online',
              },
              {
                guard: { type: 'userSigExpired', params: output },
                target: '#session.sigExpired',
                actions: { type: 'recordError', params: failure },
              },
              {
                // Bad signature, wrong user, blacklisted…: retrying cannot help.
                guard: { type: 'refusedForGood', params: output },
                target: '#session.loggedOut',
                actions: [{ type: 'recordError', params: failure }, 'announceLoggedOut'],
              },
              {
                guard: 'hasAttemptsLeft',
                target: 'retrying',
                actions: [
                  { type: 'recordError', params: failure },
                  { type: 'scheduleRetry', params: 'retry' },
                ],
              },
              {
                target: '#session.loggedOut',
                actions: [{ type: 'recordError', params: failure }, 'announceLoggedOut'],
              },
            ],
          },
        },
        retrying: {
          after: { retryDelay: 'loggingIn' },
        },
        // The SDK reconnects by itself: these states never call sdk.login.
        reconnecting: {
          on: {
            'SDK.CONNECT_SUCCESS': '#session.online',
            'SDK.CONNECT_FAILED': { target: 'offline', actions: { type: 'recordError', params: sdkError } },
          },
        },
        offline: {
          on: {
            'SDK.CONNECTING': 'reconnecting',
            'SDK.CONNECT_SUCCESS': '#session.online',
            'SDK.CONNECT_FAILED': { actions: { type: 'recordError', params: sdkError } },
          },
        },
      },
      on: {
        // A login still in flight is not waited for; if it succeeds later, the runtime logs it out.
        LOGOUT: logOutNow,
        'SDK.KICKED': { target: 'kicked', actions: 'recordKick' },
        'SDK.SIG_EXPIRED': { target: 'sigExpired', actions: 'markUserSigExpired' },
        'SDK.SELF_INFO': { actions: 'updateSelfInfo' },
      },
    },
    online: {
      entry: ['clearError', 'announceOnline'],
      on: {
        // Logging in again as the same user would only count another daily active user.
        LOGIN: [
          { guard: 'isSameUser' },
          { guard: 'loginIsInvalid', actions: rejectLogin },
          {
            target: 'connecting.switchingUser',
            actions: ['acceptLogin', { type: 'startLogin', params: 'login' }],
          },
        ],
        LOGOUT: logOutNow,
        'SDK.CONNECTING': 'connecting.reconnecting',
        'SDK.CONNECT_FAILED': {
          target: 'connecting.offline',
          actions: { type: 'recordError', params: sdkError },
        },
        'SDK.KICKED': { target: 'kicked', actions: 'recordKick' },
        'SDK.SIG_EXPIRED': { target: 'sigExpired', actions: 'markUserSigExpired' },
        'SDK.SELF_INFO': { actions: 'updateSelfInfo' },
      },
    },
    kicked: {
      // Never logs in by itself: two devices doing that would kick each other forever.
      entry: 'announceKicked',
      on: {
        RELOGIN: { target: 'connecting', actions: { type: 'startLogin', params: 'relogin' } },
        LOGIN: freshLogin,
        LOGOUT: logOutNow,
      },
    },
    sigExpired: {
      // One episode per entry; refresh attempts are bounded, so an expired UserSig never loops.
      entry: ['startRefreshEpisode', 'announceSigExpired'],
      initial: 'deciding',
      states: {
        deciding: {
          always: [{ guard: 'hasUserSigProvider', target: 'refreshing' }, { target: 'waiting' }],
        },
        refreshing: {
          entry: 'countAttempt',
          invoke: {
            id: 'login',
            src: 'logIn',
            input: ({ context, self }) => ({
              session: self,
              userID: context.userID ?? '',
              reason: 'expired' as const,
            }),
            onDone: [
              {
                guard: { type: 'succeeded', params: output },
                target: '#session.online',
              },
              {
                guard: { type: 'refusedForGood', params: output },
                target: '#session.loggedOut',
                actions: [{ type: 'recordError', params: failure }, 'announceLoggedOut'],
              },
              {
                guard: 'hasRefreshesLeft',
                target: 'backingOff',
                actions: [
                  { type: 'recordError', params: failure },
                  { type: 'scheduleRetry', params: 'sigRetry' },
                ],
              },
              {
                target: 'waiting',
                actions: { type: 'recordError', params: ({ event }) => refreshFailure(event.output) },
              },
            ],
          },
        },
        backingOff: {
          after: { retryDelay: 'refreshing' },
        },
        waiting: {
          on: { RETRY: { guard: 'hasUserSigProvider', target: '#session.sigExpired', reenter: true } },
        },
      },
      on: {
        LOGIN: freshLogin,
        LOGOUT: logOutNow,
      },
    },
  },
});

/** Why a LOGIN cannot start (R3), or `undefined` when it can. */
function loginProblem({
  context,
  event,
}: {
  context: SessionContext;
  event: SessionEvent;
}): SessionError | undefined {
  if (event.type !== 'LOGIN') return undefined;
  return (
    validateUserID(event.userID) ??
    (isUsableUserSig(event.userSig) || context.hasUserSigProvider
      ? undefined
      : {
          code: ErrorCode.INVALID_USER_SIG,
          message: 'LOGIN needs a UserSig, or a getUserSig option',
          source: 'validation',
        })
  );
}

function failureOf(outcome: { ok: boolean; error?: SessionError }): SessionError {
  return outcome.error ?? { code: ErrorCode.SDK_EXCEPTION, message: 'Unknown failure', source: 'sdk' };
}

function sdkError({ event }: { event: SessionEvent }): SessionError {
  return event.type === 'SDK.CONNECT_FAILED'
    ? event.error
    : { code: ErrorCode.SDK_EXCEPTION, message: 'Unknown failure', source: 'sdk' };
}

/** The error a refresh episode rests with: the SDK's own answer, or USER_SIG_REFRESH_FAILED. */
function refreshFailure(outcome: LoginOutcome): SessionError {
  const last = failureOf(outcome as Failure);
  if (last.source === 'sdk') return last;
  return {
    code: ErrorCode.USER_SIG_REFRESH_FAILED,
    message: `Could not refresh the expired UserSig (${last.message})`,
    source: 'provider',
  };
}
