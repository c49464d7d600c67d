import { loginInput, NO_USABLE_USER_SIG, refreshFailure } from './session.actions';

/**
 * Transitions the statechart takes from several states (and a few long ones), written once and named for what they
 * do. Plain config: the guards and actions they name are implemented in `session.machine.ts`.
 */

/** LOGOUT from a logged-in state: `loggedOut` at once, `sdk.logout()` in the background (with tabs: in every tab). */
export const logOutNow = {
  target: '#session.loggedOut.loggingOut',
  actions: ['endSession', 'announceLoggedOut', 'logOutEverywhere'],
} as const;

/** A LOGIN that may start afresh: remember its user and UserSig, start a login episode. */
export const startFresh = ['rememberUser', 'startLoginEpisode'] as const;

/** LOGIN where a fresh login is allowed: validated, then `connecting` (with tabs, claimed first). */
export const freshLogin = [
  { guard: 'loginIsInvalid', actions: 'recordError' },
  { target: '#session.connecting', actions: startFresh },
] as const;

/** With tabs: a tab kicked by another tab takes the login over ("use here", T4). */
export const takeOver = { guard: 'displacedByOtherTab', target: '#session.connecting.takingOver' } as const;

/** With tabs: another tab holds the login. Stand by to take over should that tab go away (T6), or rest. */
export const standBy = [
  { guard: 'mayTakeOverByItself', target: '#session.kicked.standingBy', actions: 'recordOtherTab' },
  { target: '#session.kicked', actions: 'recordOtherTab' },
] as const;

/**
 * With tabs: the login ended in the tab that holds it, and every tab follows: LOGOUT in some tab (T5), or a kick by
 * the server (T7), or, told to the holding tab itself, by a tab that stole the hold it did not let go of (T10). A
 * tab acting alone (T9: its Web Locks refused) follows no other tab.
 */
export const followHolder = {
  'TAB.LOGGED_OUT': {
    guard: 'coordinatesTabs',
    target: '#session.loggedOut',
    actions: ['endSession', 'announceLoggedOut'],
  },
  'TAB.KICKED': { guard: 'coordinatesTabs', target: '#session.kicked', reenter: true, actions: 'recordKick' },
} as const;

/** With tabs: what the other tabs ask of the tab that holds the login (T4, T5, T10). */
export const whileHolding = {
  ...followHolder,
  'TAB.LOGGED_OUT': { guard: 'coordinatesTabs', ...logOutNow },
  'TAB.TAKEOVER': {
    guard: 'coordinatesTabs',
    target: '#session.kicked.displaced',
    actions: 'recordOtherTab',
  },
  // T10 seen from the holder: its hold was stolen before it heard the "use here" (a busy or frozen page). Its login
  // must end too, or the browser has two (T2).
  'TAB.KICKED': {
    guard: 'coordinatesTabs',
    target: '#session.kicked',
    actions: ['recordKick', 'logOutRobbedLogin'],
  },
} as const;

/** Robbed while not logged in (logging the last user out, or waiting for such a call): no logout of its own. */
export const robbedLoggedOut = { 'TAB.KICKED': followHolder['TAB.KICKED'] } as const;

/** What the SDK reports while a user is logged in, online or (re)connecting. */
export const whileLoggedIn = {
  LOGOUT: logOutNow,
  'SDK.KICKED': { target: '#session.kicked', actions: ['recordKick', 'releaseLogin'] },
  'SDK.SIG_EXPIRED': { target: '#session.sigExpired', actions: 'retireHeldUserSig' },
  'SDK.SELF_INFO': { actions: 'updateSelfInfo' },
  ...whileHolding,
} as const;

/** A login that cannot succeed: `loggedOut` with its error (with tabs: in every tab). */
export const giveUp = {
  target: '#session.loggedOut',
  actions: ['recordFinalError', 'announceLoggedOut', 'logOutEverywhere'],
} as const;

/** A login attempt in `connecting` failed: refresh the UserSig, give up, or try again after a while. */
export const loginFailed = [
  {
    guard: 'failedWithExpiredSig',
    target: '#session.sigExpired',
    actions: ['retireHeldUserSig', 'recordError'],
  },
  // Bad signature, wrong user, blacklisted…: retrying cannot help.
  { guard: 'refusedForGood', ...giveUp },
  {
    guard: 'hasAttemptsLeft',
    target: 'retrying',
    actions: ['recordError', { type: 'scheduleRetry', params: 'retry' }],
  },
  giveUp,
] as const;

/** A refresh attempt failed: try again after a while, or rest in `waiting` with the last error. */
export const refreshFailed = [
  {
    guard: 'hasRefreshesLeft',
    target: 'backingOff',
    actions: ['retireRefusedUserSig', 'recordError', { type: 'scheduleRetry', params: 'sigRetry' }],
  },
  {
    target: 'waiting',
    actions: ['retireRefusedUserSig', { type: 'recordFinalError', params: refreshFailure }],
  },
] as const;

/**
 * An attempt without a usable UserSig and without `getUserSig` to ask: the UserSig held expired (rest in
 * `sigExpired` until a LOGIN brings a new one), or none is held (a takeover as another tab's user): the login cannot
 * start.
 */
export const noUserSigToAskFor = [
  {
    guard: 'holdsUserSig',
    target: '#session.sigExpired',
    actions: ['retireHeldUserSig', { type: 'recordError', params: NO_USABLE_USER_SIG }],
  },
  {
    target: '#session.loggedOut',
    actions: [
      { type: 'recordFinalError', params: NO_USABLE_USER_SIG },
      'announceLoggedOut',
      'logOutEverywhere',
    ],
  },
] as const;

/** The attempt logs in with the UserSig the session holds. */
export const useHeldUserSig = { type: 'chooseUserSig', params: { ask: false } } as const;

/** The attempt asks the app for a UserSig first. */
export const askForUserSig = { type: 'chooseUserSig', params: { ask: true } } as const;

/** Another refresh attempt: counted, and a new UserSig asked of the app. */
export const refreshAgain = ['countAttempt', askForUserSig] as const;

/**
 * An attempt's login (`loggingIn` in `connecting`, `refreshing` in `sigExpired`): the UserSig the chart chose (the
 * app is asked first when it said so), then `sdk.login`. The SDK-call gate refuses the login while an earlier login
 * or logout still runs (R13b): it waits, then logs in with the UserSig it has. Otherwise it ends `online`, or as
 * `failed` says. `step` is the state named `name`, `waiting` the `waitingForEarlierCall` beside it.
 */
export const loginStep = <Name extends string, Failed extends readonly object[]>(
  name: Name,
  failed: Failed,
) => ({
  step: {
    invoke: {
      id: 'login',
      src: 'logIn',
      input: loginInput,
      onDone: '#session.online',
      onError: [{ guard: 'anEarlierCallIsInFlight', target: 'waitingForEarlierCall' }, ...failed],
    },
    // The app's answer is held by now, whatever ended the attempt: the next one may use it.
    exit: 'noteFetchedUserSig',
  } as const,
  waiting: {
    invoke: {
      id: 'earlierCalls',
      src: 'waitForEarlierCalls',
      onDone: { target: name, actions: useHeldUserSig },
    },
    on: robbedLoggedOut,
  } as const,
});

/** A refresh login failed: give up when refused for good, else as any refresh attempt that failed. */
export const refreshLoginFailed = [{ guard: 'refusedForGood', ...giveUp }, ...refreshFailed] as const;

/** The login of each attempt in `connecting`. */
export const loginAttempt = loginStep('loggingIn', loginFailed);

/** The login of each refresh in `sigExpired`. */
export const refreshAttempt = loginStep('refreshing', refreshLoginFailed);
