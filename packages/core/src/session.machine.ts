import { type AnyActorRef, assign, emit, enqueueActions, setup } from 'xstate';
import { initSdk, logIn, logOut, sdkBridge } from './session.actors';
import { backoffDelay, errorFromException, resolvePolicy, sessionError } from './session.policy';
import {
  bindRuntime,
  createRuntime,
  optionsOf,
  runtimeOf,
  type StepFailure,
  userSigOf,
} from './session.runtime';
import { tabBridge } from './session.tabs';
import type {
  MachineContext,
  SessionEmitted,
  SessionError,
  SessionEvent,
  SessionOptions,
  TabCommand,
} from './session.types';
import { isValidSdkAppID, loginProblem } from './session.validation';

/** Why a step failed: what the `xstate.error.actor.*` event a guard or action is evaluated for carries. */
const failureOf = (event: object) => (event as { error: Partial<StepFailure> }).error;

/** The event of `type`, for guards and actions that only run on it. */
type EventOf<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;

/** A login attempt's input: who logs in, and why a UserSig is needed (`loginReason`). */
const loginInput = ({ context }: { context: MachineContext }) => ({
  userID: context.userID ?? '',
  reason: context.loginReason,
});
/** LOGOUT from a logged-in state: `loggedOut` at once, `sdk.logout()` in the background (with tabs: in every tab). */
const logOutNow = {
  target: '#session.loggedOut.loggingOut',
  actions: ['endSession', 'announceLoggedOut', 'logOutEverywhere'],
} as const;
const startFresh = ['acceptLogin', 'startLogin'] as const;
/** LOGIN where a fresh login is allowed: validated, then `connecting` (with tabs, claimed first). */
const freshLogin = [
  { guard: 'loginIsInvalid', actions: 'recordError' },
  { target: '#session.connecting', actions: startFresh },
] as const;
/** With tabs: a tab kicked by another tab takes the login over ("use here", T4). */
const takeOver = { guard: 'displacedByOtherTab', target: '#session.connecting.takingOver' } as const;
/** With tabs: another tab holds the login. Stand by to take over should that tab go away (T6), or rest. */
const standBy = [
  { guard: 'mayTakeOverByItself', target: '#session.kicked.standingBy', actions: 'recordOtherTab' },
  { target: '#session.kicked', actions: 'recordOtherTab' },
] as const;
/**
 * With tabs: the login ended in the tab that holds it, and every tab follows: LOGOUT in some tab (T5), or a kick by
 * the server (T7), or, told to the holding tab itself, by a tab that stole the hold it did not let go of (T10).
 */
const followHolder = {
  'TAB.LOGGED_OUT': { target: '#session.loggedOut', actions: ['endSession', 'announceLoggedOut'] },
  'TAB.KICKED': { target: '#session.kicked', reenter: true, actions: 'recordKick' },
} as const;
/** With tabs: what the other tabs ask of the tab that holds the login (T4, T5, T10). */
const whileHolding = {
  ...followHolder,
  'TAB.LOGGED_OUT': logOutNow,
  'TAB.TAKEOVER': { target: '#session.kicked.displaced', actions: 'recordOtherTab' },
} as const;
/** What the SDK reports while a user is logged in, online or (re)connecting. */
const whileLoggedIn = {
  LOGOUT: logOutNow,
  'SDK.KICKED': { target: '#session.kicked', actions: ['recordKick', 'releaseLogin'] },
  'SDK.SIG_EXPIRED': { target: '#session.sigExpired', actions: 'markUserSigExpired' },
  'SDK.SELF_INFO': { actions: 'updateSelfInfo' },
  ...whileHolding,
} as const;
/** A login that cannot succeed: `loggedOut` with its error (with tabs: in every tab). */
const giveUp = {
  target: '#session.loggedOut',
  actions: ['recordFinalError', 'announceLoggedOut', 'logOutEverywhere'],
} as const;
/** The arguments a guard reads. */
type GuardArgs = { context: MachineContext };
/** Sends a command to the tab coordinator (nothing happens without `tabs`). */
const tell = (type: TabCommand['type'], { context, self }: { context: MachineContext; self: AnyActorRef }) =>
  self.getSnapshot().children.tabs.send({ type, userID: context.userID, reason: context.kickReason });

/** What recording an error needs of an action's arguments. */
interface RecordArgs {
  enqueue: {
    (action: () => void): void;
    assign(values: { error: SessionError }): void;
    emit(event: SessionEmitted): void;
  };
  context: MachineContext;
  event: SessionEvent;
  self: object;
}

/** Records `error`, or else the error the event reports, emits it, and logs it at `level`. */
const recordAt =
  (level: 'warn' | 'error') =>
  ({ enqueue, context, event, self }: RecordArgs, error?: SessionError) => {
    const recorded = error ?? errorOf(event, context);
    enqueue.assign({ error: recorded });
    enqueue.emit({ type: 'error', error: recorded });
    enqueue(() =>
      runtimeOf(self).log(level, recorded.message, { code: recorded.code, source: recorded.source }),
    );
  };

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
  types: {} as {
    context: MachineContext;
    events: SessionEvent;
    input: SessionOptions;
    emitted: SessionEmitted;
    // Every invoked actor by its id: without this map XState infers only the root's `sdk` and gives the others a
    // string index that `sdk` violates, and the published .d.ts fails under `skipLibCheck: false` (TS2411).
    children: { sdk: 'sdkBridge'; tabs: 'tabBridge'; initSdk: 'initSdk'; login: 'logIn'; logout: 'logOut' };
  },
  actors: { sdkBridge, tabBridge, initSdk, logIn, logOut },
  guards: {
    hasValidSdkAppID: ({ context }) => isValidSdkAppID(context.sdkAppID),
    hasUserSigProvider: ({ context }) => context.hasUserSigProvider,
    hasPendingLogin: ({ context }) => context.pendingLogin,
    loginIsInvalid: ({ context, event }) =>
      !!loginProblem(event as EventOf<'LOGIN'>, context.hasUserSigProvider),
    isSameUser: ({ context, event }) => (event as EventOf<'LOGIN'>).userID === context.userID,
    // A LOGIN refused by validation was never tried: RETRY does not repeat an earlier login in its place.
    canRepeatLogin: ({ context }) =>
      context.userID !== undefined && !!context.error && context.error.source !== 'validation',
    userSigExpired: ({ event }) => failureOf(event).failure === 'expired',
    refusedForGood: ({ event }) => failureOf(event).failure === 'permanent',
    hasAttemptsLeft: ({ context }) => context.attempt < context.policy.retry.maxAttempts,
    hasRefreshesLeft: ({ context }) => context.attempt < context.policy.sigRetry.maxAttempts,
    // The tab guards are typed by hand: inferring them too tips TypeScript over its limit for this setup().
    coordinatesTabs: ({ context }: GuardArgs) => !!context.tab && context.tab !== 'alone',
    // Only a coordinator displaces a tab: an 'otherTab' kick sent by hand to a lone session is an ordinary kick.
    displacedByOtherTab: ({ context }: GuardArgs) =>
      context.kickReason === 'otherTab' && !!context.tab && context.tab !== 'alone',
    // T6: only with a UserSig provider, and unless the app turned it off.
    mayTakeOverByItself: ({ context }: GuardArgs) => context.hasUserSigProvider && !!context.autoTakeOver,
  },
  actions: {
    /** Records a failure the session can get over: logged at `warn`. */
    recordError: enqueueActions(recordAt('warn')),
    /** Records the failure the session gives up with (retries or refreshes used up, refused for good): `error`. */
    recordFinalError: enqueueActions(recordAt('error')),
    // Skips the assign when there is nothing to clear: online is re-entered on every reconnect.
    clearError: enqueueActions(({ context, enqueue }) => {
      if (context.error) enqueue.assign({ error: undefined });
    }),
    acceptLogin: enqueueActions(({ enqueue, event: login, context, self }) => {
      const event = login as EventOf<'LOGIN'>;
      enqueue.assign({
        userID: event.userID,
        selfInfo: event.userID === context.userID ? context.selfInfo : undefined,
        sigExpiresAt: undefined,
      });
      enqueue(() => runtimeOf(self).holdUserSig(userSigOf(event)));
    }),
    deferLogin: assign({ pendingLogin: true }),
    startLogin: assign(({ event }) => ({
      attempt: 0,
      error: undefined,
      kickReason: undefined,
      loginReason: /RELOGIN|GRANTED/.test(event.type) ? ('relogin' as const) : ('login' as const),
      pendingLogin: false,
    })),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    scheduleRetry: assign({
      retryDelayMs: ({ context }, policy: 'retry' | 'sigRetry') =>
        backoffDelay(context.policy[policy], context.attempt),
    }),
    startRefreshEpisode: assign({ attempt: 0, loginReason: 'expired' }),
    recordUserSigExpiry: assign({
      sigExpiresAt: ({ event }) => (event as EventOf<'USER_SIG.DECODED'>).expiresAt,
    }),
    markUserSigExpired: ({ self }) => runtimeOf(self).markUserSigExpired(),
    recordKick: assign({ kickReason: ({ event }) => (event as EventOf<'SDK.KICKED'>).reason }),
    // Names the user of the tab that holds the login; a UserSig is kept only for the same user.
    recordOtherTab: enqueueActions(({ enqueue, context, event, self }) => {
      const userID = (event as EventOf<'TAB.TAKEOVER'>).userID ?? context.userID;
      enqueue.assign({ kickReason: 'otherTab' as const, userID });
      if (userID !== context.userID) enqueue(() => runtimeOf(self).forgetUserSig());
    }),
    forgetUserSig: ({ self }) => runtimeOf(self).forgetUserSig(),
    recordRole: assign({ tab: ({ event }) => (event as EventOf<'TAB.ROLE'>).role }),
    claimLogin: (args) => tell('claim', args),
    takeOverLogin: (args) => tell('takeOver', args),
    standBy: (args) => tell('standBy', args),
    announceUser: (args) => tell('hold', args),
    releaseLogin: (args) => tell('release', args),
    logOutEverywhere: (args) => tell('logOut', args),
    updateSelfInfo: assign({ selfInfo: ({ event }) => (event as EventOf<'SDK.SELF_INFO'>).info }),
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
      reason: context.kickReason!,
    })),
    announceSigExpired: emit({ type: 'sigExpired' }),
    announceLoggedOut: emit({ type: 'loggedOut' }),
  },
  delays: {
    retryDelay: ({ context }) => context.retryDelayMs,
    loginTimeout: ({ context }) => context.policy.loginTimeoutMs,
  },
}).createMachine({
  id: 'session',
  context: ({ input: settings, self }) => {
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
      ...(input.tabs && { tab: 'standby', autoTakeOver: input.tabs.autoTakeOver }),
    };
  },
  invoke: [
    { id: 'sdk', src: 'sdkBridge' },
    { id: 'tabs', src: 'tabBridge' },
  ],
  on: {
    'USER_SIG.DECODED': { actions: 'recordUserSigExpiry' },
    'TAB.ROLE': { actions: 'recordRole' },
  },
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
                params: sessionError(
                  'INVALID_SDK_APP_ID',
                  'sdkAppID must be a positive safe integer',
                  'validation',
                ),
              },
            },
          ],
        },
        initializing: {
          invoke: {
            id: 'initSdk',
            src: 'initSdk',
            input: ({ context }) => ({ sdkAppID: context.sdkAppID }),
            onDone: [
              { guard: 'hasPendingLogin', target: '#session.connecting', actions: 'startLogin' },
              { target: '#session.loggedOut' },
            ],
            onError: { target: 'failed', actions: 'recordError' },
          },
          // Like a login, an initSDK that never settles must not hold the session (and RETRY) for ever.
          after: {
            loginTimeout: {
              target: 'failed',
              actions: {
                type: 'recordError',
                params: sessionError('LOGIN_TIMEOUT', 'sdk.initSDK timed out', 'timeout'),
              },
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
          { guard: 'loginIsInvalid', actions: 'recordError' },
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
            onDone: 'idle',
            onError: { target: 'idle', actions: 'recordError' },
          },
        },
      },
      on: {
        LOGIN: freshLogin,
        RETRY: { guard: 'canRepeatLogin', target: 'connecting', actions: 'startLogin' },
      },
    },
    connecting: {
      initial: 'deciding',
      states: {
        deciding: {
          always: [{ guard: 'coordinatesTabs', target: 'claiming' }, { target: 'loggingIn' }],
        },
        // T2, T3: with tabs, only the tab that holds the login logs in. A login ending elsewhere is not this one's.
        claiming: {
          entry: 'claimLogin',
          on: {
            'TAB.GRANTED': 'loggingIn',
            'TAB.HELD_ELSEWHERE': standBy,
            'TAB.LOGGED_OUT': {},
            'TAB.KICKED': {},
          },
        },
        // T4, T10: the holding tab logs out first, or loses its hold after the takeover timeout.
        takingOver: {
          entry: 'takeOverLogin',
          on: { 'TAB.GRANTED': 'loggingIn', ...followHolder },
        },
        switchingUser: {
          invoke: { id: 'logout', src: 'logOut', onDone: 'loggingIn', onError: 'loggingIn' },
          // R13b: a logout that outlives loginTimeoutMs is abandoned, as on LOGOUT then LOGIN.
          after: { loginTimeout: 'loggingIn' },
        },
        loggingIn: {
          entry: 'countAttempt',
          invoke: {
            id: 'login',
            src: 'logIn',
            input: loginInput,
            onDone: '#session.online',
            onError: [
              { guard: 'userSigExpired', target: '#session.sigExpired', actions: 'recordError' },
              // Bad signature, wrong user, blacklisted…: retrying cannot help.
              { guard: 'refusedForGood', ...giveUp },
              {
                guard: 'hasAttemptsLeft',
                target: 'retrying',
                actions: ['recordError', { type: 'scheduleRetry', params: 'retry' }],
              },
              giveUp,
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
            'SDK.CONNECT_FAILED': { target: 'offline', actions: 'recordError' },
          },
        },
        offline: {
          on: {
            'SDK.CONNECTING': 'reconnecting',
            'SDK.CONNECT_SUCCESS': '#session.online',
            'SDK.CONNECT_FAILED': { actions: 'recordError' },
          },
        },
      },
      // A login still in flight is not waited for on LOGOUT; if it succeeds later, the runtime logs it out.
      on: whileLoggedIn,
    },
    online: {
      entry: ['clearError', 'announceOnline'],
      on: {
        // Logging in again as the same user would only count another daily active user.
        LOGIN: [
          { guard: 'isSameUser' },
          { guard: 'loginIsInvalid', actions: 'recordError' },
          { target: 'connecting.switchingUser', actions: [...startFresh, 'announceUser'] },
        ],
        'SDK.CONNECTING': 'connecting.reconnecting',
        'SDK.CONNECT_FAILED': { target: 'connecting.offline', actions: 'recordError' },
        ...whileLoggedIn,
      },
    },
    kicked: {
      // Never logs in by itself: two devices doing that would kick each other forever.
      entry: 'announceKicked',
      initial: 'resting',
      states: {
        resting: {},
        // T4: another tab takes the login over: log out for it, then let go.
        displaced: {
          invoke: { id: 'logout', src: 'logOut', onDone: standBy, onError: standBy },
          exit: 'releaseLogin',
        },
        // T6, the one exception (with tabs): should the tab holding the login go away while logged in, one tab
        // standing by logs in by itself, as that tab's user, asking for a fresh UserSig.
        standingBy: {
          entry: 'standBy',
          on: {
            'TAB.GRANTED': {
              target: '#session.connecting.loggingIn',
              actions: ['forgetUserSig', 'startLogin'],
            },
          },
        },
      },
      on: {
        RELOGIN: [
          { ...takeOver, actions: 'startLogin' },
          { target: 'connecting', actions: 'startLogin' },
        ],
        LOGIN: [freshLogin[0], { ...takeOver, actions: startFresh }, freshLogin[1]],
        // T5: a tab kicked by another tab has no login of its own to end.
        LOGOUT: [{ guard: 'displacedByOtherTab', ...logOutNow, target: 'loggedOut' }, logOutNow],
        ...followHolder,
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
            input: loginInput,
            onDone: '#session.online',
            onError: [
              { guard: 'refusedForGood', ...giveUp },
              {
                guard: 'hasRefreshesLeft',
                target: 'backingOff',
                actions: ['recordError', { type: 'scheduleRetry', params: 'sigRetry' }],
              },
              { target: 'waiting', actions: { type: 'recordFinalError', params: refreshFailure } },
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
        // With tabs, this tab holds the login already: no claim.
        LOGIN: [
          freshLogin[0],
          { target: '#session.connecting.loggingIn', actions: [...startFresh, 'announceUser'] },
        ],
        LOGOUT: logOutNow,
        ...whileHolding,
      },
    },
  },
});

/** The error an event reports: an invalid LOGIN, a failed connection, a step that failed or threw. */
function errorOf(event: SessionEvent, context: MachineContext): SessionError {
  if (event.type === 'LOGIN') return loginProblem(event, context.hasUserSigProvider)!;
  // The session's listener always sends an error; an app that sends this event itself may not.
  if (event.type === 'SDK.CONNECT_FAILED') return event.error ?? errorFromException(undefined);
  return failureOf(event).error ?? errorFromException(failureOf(event));
}

/** The error a refresh episode rests with: the SDK's own answer, or USER_SIG_REFRESH_FAILED. */
function refreshFailure({ context, event }: { context: MachineContext; event: object }): SessionError {
  const last = errorOf(event as SessionEvent, context);
  if (last.source === 'sdk') return last;
  return sessionError(
    'USER_SIG_REFRESH_FAILED',
    `Could not refresh the expired UserSig (${last.message})`,
    'provider',
  );
}
