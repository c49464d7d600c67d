import { assign, emit, enqueueActions, setup } from 'xstate';
import {
  type EventOf,
  endSession,
  failureOf,
  forgetUserSig,
  type GuardArgs,
  INIT_TIMED_OUT,
  INVALID_SDK_APP_ID,
  initialContext,
  noteHeldUserSig,
  recordAt,
  recordOtherTab,
  rememberUser,
  retireUserSig,
  tell,
} from './session.actions';
import { initSdk, logIn, logOut, readSigExpiry, sdkBridge, waitForEarlierCalls } from './session.actors';
import { backoffDelay } from './session.policy';
import { keeperOf, runtimeOf } from './session.runtime';
import { tabBridge } from './session.tabs';
import {
  askForUserSig,
  followHolder,
  freshLogin,
  loginAttempt,
  logOutNow,
  noUserSigToAskFor,
  refreshAgain,
  refreshAttempt,
  robbedLoggedOut,
  standBy,
  startFresh,
  takeOver,
  useHeldUserSig,
  whileHolding,
  whileLoggedIn,
} from './session.transitions';
import {
  type MachineChildren,
  type MachineContext,
  type MachineEvent,
  type SessionEmitted,
  type SessionOptions,
  SIG_EXPIRY_READ,
} from './session.types';
import { isValidSdkAppID, loginProblem } from './session.validation';

/** Whether this session coordinates with other tabs: it has `tabs`, and they work here. */
const coordinatesTabs = ({ context }: GuardArgs) => context.tab !== 'alone';

/** What every login episode starts with: no attempt made, no error, no kick, no LOGIN held until init. */
const NEW_EPISODE = { attempt: 0, error: undefined, kickReason: undefined, pendingLogin: false };

/**
 * The IM login session as a statechart. Top-level states are exactly the six `SessionStatus` names:
 *
 * - `init` — `validating` the SDKAppID, `initializing` the SDK, or `failed` (RETRY starts over).
 * - `loggedOut` — `idle`, or `loggingOut` while `sdk.logout()` runs in the background.
 * - `connecting` — each attempt: `choosingUserSig` (the held one, or one asked of the app), `loggingIn`, and
 *   `waitingForEarlierCall` while an earlier login or logout still runs (R13b); `retrying` (backoff between
 *   attempts), `switchingUser` (logging the previous user out first), `reconnecting` / `offline` (the SDK reconnects
 *   by itself); with tabs, `claiming` or `takingOver` the login first.
 * - `online`.
 * - `kicked` — rests until the app decides (RELOGIN, LOGIN, LOGOUT); with tabs, `displaced` or `standingBy`.
 * - `sigExpired` — each refresh: `refreshing` (a new UserSig from the app, and a login with it;
 *   `waitingForEarlierCall` while an earlier call runs); `backingOff` between refreshes, or `waiting` for the app.
 */
export const sessionMachine = setup({
  types: {} as {
    context: MachineContext;
    events: MachineEvent;
    input: SessionOptions;
    emitted: SessionEmitted;
    children: MachineChildren;
  },
  actors: { sdkBridge, tabBridge, initSdk, logIn, waitForEarlierCalls, logOut, readSigExpiry },
  guards: {
    hasValidSdkAppID: ({ context }) => isValidSdkAppID(context.sdkAppID),
    hasUserSigProvider: ({ context }) => context.hasUserSigProvider,
    holdsUserSig: ({ context }) => context.holdsUserSig,
    hasPendingLogin: ({ context }) => context.pendingLogin,
    loginIsInvalid: ({ context, event }) =>
      !!loginProblem(event as EventOf<'LOGIN'>, context.hasUserSigProvider),
    isSameUser: ({ context, event }) => (event as EventOf<'LOGIN'>).userID === context.userID,
    // A LOGIN refused by validation was never tried: RETRY does not repeat an earlier login in its place.
    canRepeatLogin: ({ context }) =>
      context.userID !== undefined && !!context.error && context.error.source !== 'validation',
    // A LOGIN (and its RETRY) logs in with the UserSig it brought, or the one the app gave for it.
    usesGivenUserSig: ({ context }) => context.loginReason === 'login' && context.holdsUserSig,
    // R6: RELOGIN reuses the held UserSig unless it is known to be expired (the server said so, or its time is up).
    heldUserSigIsFresh: ({ context }) =>
      context.holdsUserSig && (context.sigExpiresAt ?? Infinity) > Date.now(),
    anEarlierCallIsInFlight: ({ event }) => failureOf(event).failure === 'earlierCall',
    aLoginIsStillInFlight: ({ event }) => failureOf(event).failure === 'loginInFlight',
    failedWithExpiredSig: ({ event }) => failureOf(event).failure === 'expired',
    refusedForGood: ({ event }) => failureOf(event).failure === 'permanent',
    hasAttemptsLeft: ({ context }) => context.attempt < context.policy.retry.maxAttempts,
    hasRefreshesLeft: ({ context }) => context.attempt < context.policy.sigRetry.maxAttempts,
    // The tab guards are typed by hand: inferring them too tips TypeScript over its limit for this setup().
    coordinatesTabs,
    // Only a coordinator displaces a tab: an 'otherTab' kick sent by hand to a lone session is an ordinary kick.
    displacedByOtherTab: (args: GuardArgs) => args.context.kickReason === 'otherTab' && coordinatesTabs(args),
    // T6: only with a UserSig provider, and unless the app turned it off.
    mayTakeOverByItself: ({ context }: GuardArgs) => context.hasUserSigProvider && !!context.autoTakeOver,
  },
  actions: {
    /** Records a failure the session can get over: logged at `warn`. */
    recordError: enqueueActions(recordAt('warn')),
    /** Records the failure the session gives up with (retries or refreshes used up, refused for good): `error`. */
    recordFinalError: enqueueActions(recordAt('error')),
    // Only when set: an assign makes a new context, and every reconnect enters `online`.
    clearError: enqueueActions(({ context, enqueue }) => {
      if (context.error) enqueue.assign({ error: undefined });
    }),
    rememberUser: enqueueActions(rememberUser),
    /** Whether this attempt asks the app for a UserSig before `sdk.login`, as `choosingUserSig` decided. */
    chooseUserSig: assign({ asksForUserSig: (_, { ask }: { ask: boolean }) => ask }),
    /** A UserSig the app gave during the attempt: the keeper holds it, so the next attempt may use it. */
    noteFetchedUserSig: enqueueActions((args) => {
      if (keeperOf(args.self)?.takeFetched()) noteHeldUserSig(args, true);
    }),
    /** The expiry the `sigExpiry` child read; the child is done, and let go (a done child stays in memory). */
    recordSigExpiresAt: enqueueActions(({ enqueue, event }) => {
      enqueue.assign({ sigExpiresAt: (event as EventOf<typeof SIG_EXPIRY_READ>).output });
      enqueue.stopChild('sigExpiry');
    }),
    retireHeldUserSig: enqueueActions(retireUserSig),
    /** A refresh login answered "expired" retires the UserSig it used; other answers say nothing of it. */
    retireRefusedUserSig: enqueueActions((args) => {
      if (failureOf(args.event).failure === 'expired') retireUserSig(args);
    }),
    forgetUserSig: enqueueActions(forgetUserSig),
    holdLoginUntilInit: assign({ pendingLogin: true }),
    /** With `tabs`, the session joins the app's other tabs for as long as it runs; without, it has no tab child. */
    joinTabs: enqueueActions(({ enqueue, check }) => {
      if (check('coordinatesTabs')) enqueue.spawnChild('tabBridge', { id: 'tabs' });
    }),
    /** A login episode for a LOGIN (and its RETRY): a UserSig asked of the app is asked with reason `login`. */
    startLoginEpisode: assign({ ...NEW_EPISODE, loginReason: 'login' }),
    /** A login episode for RELOGIN, or a takeover by itself (T6): reason `relogin`. */
    startReloginEpisode: assign({ ...NEW_EPISODE, loginReason: 'relogin' }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    scheduleRetry: assign({
      retryDelayMs: ({ context }, policy: 'retry' | 'sigRetry') =>
        backoffDelay(context.policy[policy], context.attempt),
    }),
    startRefreshEpisode: assign({ attempt: 0, loginReason: 'expired' }),
    /** R9: a login the session had abandoned succeeded after all: log it out, so no server session lingers. */
    logOutLateLogin: ({ self }) => runtimeOf(self).gate.logOutLateLogin(),
    /** T2, T10: another tab took the login without this one letting go: `sdk.logout()`, its answer changes nothing. */
    logOutRobbedLogin: ({ self }) => {
      runtimeOf(self)
        .gate.logout()
        .catch(() => {});
    },
    recordKick: assign({ kickReason: ({ event }) => (event as EventOf<'SDK.KICKED'>).reason }),
    recordOtherTab: enqueueActions(recordOtherTab),
    recordRole: assign({ tab: ({ event }) => (event as EventOf<'TAB.ROLE'>).role }),
    claimLogin: (args) => tell('claim', args),
    takeOverLogin: (args) => tell('takeOver', args),
    standBy: (args) => tell('standBy', args),
    announceUser: (args) => tell('hold', args),
    releaseLogin: (args) => tell('release', args),
    logOutEverywhere: (args) => tell('logOut', args),
    updateSelfInfo: assign({ selfInfo: ({ event }) => (event as EventOf<'SDK.SELF_INFO'>).info }),
    endSession: enqueueActions(endSession),
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
  context: ({ input, self }) => initialContext(input, self),
  invoke: { id: 'sdk', src: 'sdkBridge' },
  entry: 'joinTabs',
  on: {
    [SIG_EXPIRY_READ]: { actions: 'recordSigExpiresAt' },
    'SDK.LATE_LOGIN': { actions: 'logOutLateLogin' },
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
            { target: 'failed', actions: { type: 'recordError', params: INVALID_SDK_APP_ID } },
          ],
        },
        initializing: {
          invoke: {
            id: 'initSdk',
            src: 'initSdk',
            input: ({ context }) => ({ sdkAppID: context.sdkAppID }),
            onDone: [
              { guard: 'hasPendingLogin', target: '#session.connecting', actions: 'startLoginEpisode' },
              { target: '#session.loggedOut' },
            ],
            onError: { target: 'failed', actions: 'recordError' },
          },
          // Like a login, an initSDK that never settles must not hold the session (and RETRY) for ever.
          after: {
            loginTimeout: { target: 'failed', actions: { type: 'recordError', params: INIT_TIMED_OUT } },
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
          { actions: ['rememberUser', 'holdLoginUntilInit'] },
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
            onError: [
              // R9: a login still in flight is not logged out now; it is, should it succeed (SDK.LATE_LOGIN).
              { guard: 'aLoginIsStillInFlight', target: 'idle' },
              { target: 'idle', actions: 'recordError' },
            ],
          },
        },
      },
      on: {
        LOGIN: freshLogin,
        RETRY: { guard: 'canRepeatLogin', target: 'connecting', actions: 'startLoginEpisode' },
      },
    },
    connecting: {
      initial: 'deciding',
      states: {
        deciding: {
          always: [{ guard: 'coordinatesTabs', target: 'claiming' }, { target: 'choosingUserSig' }],
        },
        // T2, T3: with tabs, only the tab that holds the login logs in. A login ending elsewhere is not this one's.
        claiming: {
          entry: 'claimLogin',
          on: {
            'TAB.GRANTED': 'choosingUserSig',
            'TAB.HELD_ELSEWHERE': standBy,
            'TAB.LOGGED_OUT': {},
            'TAB.KICKED': {},
          },
        },
        // T4, T10: the holding tab logs out first, or loses its hold after the takeover timeout.
        takingOver: {
          entry: 'takeOverLogin',
          // A later "use here" in another tab wins: this tab stands by, as after a claim.
          on: { 'TAB.GRANTED': 'choosingUserSig', 'TAB.HELD_ELSEWHERE': standBy, ...followHolder },
        },
        switchingUser: {
          invoke: { id: 'logout', src: 'logOut', onDone: 'choosingUserSig', onError: 'choosingUserSig' },
          // R13b: a logout that outlives loginTimeoutMs is abandoned, as on LOGOUT then LOGIN.
          after: { loginTimeout: 'choosingUserSig' },
          on: robbedLoggedOut,
        },
        // Each attempt starts here: with a UserSig at hand, or with one asked of the app first.
        choosingUserSig: {
          entry: 'countAttempt',
          always: [
            { guard: 'usesGivenUserSig', target: 'loggingIn', actions: useHeldUserSig },
            { guard: 'heldUserSigIsFresh', target: 'loggingIn', actions: useHeldUserSig },
            { guard: 'hasUserSigProvider', target: 'loggingIn', actions: askForUserSig },
            ...noUserSigToAskFor,
          ],
        },
        loggingIn: loginAttempt.step,
        waitingForEarlierCall: loginAttempt.waiting,
        retrying: {
          after: { retryDelay: 'choosingUserSig' },
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
              target: '#session.connecting.choosingUserSig',
              // As the user the holding tab was logged in as, last heard (it may have switched, or be a later taker's).
              actions: ['recordOtherTab', 'forgetUserSig', 'startReloginEpisode'],
            },
          },
        },
      },
      on: {
        RELOGIN: [
          { ...takeOver, actions: 'startReloginEpisode' },
          { target: 'connecting', actions: 'startReloginEpisode' },
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
          always: [
            { guard: 'hasUserSigProvider', target: 'refreshing', actions: refreshAgain },
            { target: 'waiting' },
          ],
        },
        // Each refresh asks the app for a new UserSig, then logs in with it.
        refreshing: refreshAttempt.step,
        waitingForEarlierCall: refreshAttempt.waiting,
        backingOff: {
          after: { retryDelay: { target: 'refreshing', actions: refreshAgain } },
        },
        waiting: {
          // Its parent as target: sigExpired is left and entered again, so RETRY starts a new episode.
          on: { RETRY: { guard: 'hasUserSigProvider', target: '#session.sigExpired' } },
        },
      },
      on: {
        // With tabs, this tab holds the login already: no claim.
        LOGIN: [
          freshLogin[0],
          { target: '#session.connecting.choosingUserSig', actions: [...startFresh, 'announceUser'] },
        ],
        LOGOUT: logOutNow,
        ...whileHolding,
      },
    },
  },
});
