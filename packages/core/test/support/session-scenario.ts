import {
  createSession,
  type KickReason,
  type RetryPolicy,
  type SelfInfo,
  type SessionActor,
  type SessionAppEvent,
  selectStatus,
  selectSubstate,
} from '@imstate/core';
import { vi } from 'vitest';
import {
  createAdversarialSdk,
  type ProviderSettlement,
  type SdkMethod,
  type SdkScript,
  SECRET_MARKER,
  type Settlement,
} from './adversary';
import { settleMicrotasks } from './driven-sdk';

/** One thing that happens to the session. */
export type Step =
  | { kind: 'app'; event: SessionAppEvent }
  | { kind: 'connecting' }
  | { kind: 'connectSuccess' }
  | { kind: 'connectFailed'; code: number }
  | { kind: 'kicked'; reason: KickReason | undefined }
  | { kind: 'userSigExpired' }
  | { kind: 'selfInfo'; info: SelfInfo }
  | { kind: 'settle'; method: SdkMethod; pick: number; settlement: Settlement }
  | { kind: 'answerProvider'; pick: number; answer: ProviderSettlement }
  /** Advances the clock by `permille`/1000 of the longest timeout or backoff cap. */
  | { kind: 'tick'; permille: number };

export interface Scenario {
  withProvider: boolean;
  loginTimeoutMs: number | undefined;
  retry: RetryPolicy | undefined;
  sigRetry: RetryPolicy | undefined;
  script: SdkScript;
  steps: Step[];
}

/** What the scenarios saw, over all runs (to show the generators reach the interesting states). */
export const reached = new Map<string, number>();
export const counters = {
  runs: 0,
  steps: 0,
  logins: 0,
  /** Logins made while an abandoned (timed-out) call was still unsettled. */
  loginsPastAbandoned: 0,
  /** Login episodes that used every attempt; refresh episodes that used every attempt. */
  fullLoginEpisodes: 0,
  fullRefreshEpisodes: 0,
  kicks: 0,
};

// The contract's defaults (CONTRACT §2), used for the bounds when a scenario leaves an option out.
const DEFAULT_RETRY = { maxAttempts: 5, maxDelayMs: 30_000 };
const DEFAULT_SIG_RETRY = { maxAttempts: 3, maxDelayMs: 30_000 };
const DEFAULT_TIMEOUT = 15_000;
const RECONNECT_SUBSTATES = ['connecting.reconnecting', 'connecting.offline', 'online'];

const bound = (value: number | undefined, fallback: number, min: number) =>
  typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;

/**
 * Runs one scenario on a real session over the adversarial SDK, with fake timers, and checks the
 * session's promises after every step. Throws an error naming the step and the broken promise.
 */
export async function runScenario(scenario: Scenario): Promise<void> {
  vi.useFakeTimers();
  try {
    await run(scenario);
  } finally {
    vi.useRealTimers();
  }
}

async function run(scenario: Scenario): Promise<void> {
  counters.runs += 1;
  const timeout = bound(scenario.loginTimeoutMs, DEFAULT_TIMEOUT, 1);
  const maxLogins = bound(scenario.retry?.maxAttempts, DEFAULT_RETRY.maxAttempts, 1);
  const maxRefreshes = bound(scenario.sigRetry?.maxAttempts, DEFAULT_SIG_RETRY.maxAttempts, 1);
  const horizon = Math.max(
    timeout,
    bound(scenario.retry?.maxDelayMs, DEFAULT_RETRY.maxDelayMs, 0),
    bound(scenario.sigRetry?.maxDelayMs, DEFAULT_SIG_RETRY.maxDelayMs, 0),
  );

  const violations: string[] = [];
  const flag = (rule: string, message: string) => violations.push(`(${rule}) ${message}`);
  const leaks: string[] = [];
  const scan = (where: string, value: unknown) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text?.includes(SECRET_MARKER)) leaks.push(`${where}: ${text.slice(0, 300)}`);
  };

  let session: SessionActor | undefined;
  const namedActors = new Set<{ id?: string; getSnapshot(): unknown }>();
  // Episode bookkeeping: a login episode is one stay in `connecting`; a refresh episode starts at each `sigExpired`.
  let lastStatus: string | undefined;
  let loginsThisEpisode = 0;
  let refreshLoginsThisEpisode = 0;
  let expiredAsksThisEpisode = 0;
  let kickedWithoutAppLogin = false;
  // Set by onConnecting/onConnectFailed while online: the SDK reconnects by itself until the session leaves `connecting`.
  let reconnecting = false;

  const observe = () => {
    const status = selectStatus(session!.getSnapshot());
    if (status === 'connecting' && lastStatus !== 'connecting') loginsThisEpisode = 0;
    // A reconnect lasts while the session stays in `connecting` (or has not yet left `online`).
    reconnecting &&= status === 'connecting' || (status === 'online' && lastStatus === 'online');
    lastStatus = status;
  };

  const adversary = createAdversarialSdk(scenario.script, {
    onLogin(call, earlier) {
      counters.logins += 1;
      // R13b counts sdk.logout too; a call older than loginTimeoutMs is abandoned.
      const unsettled = earlier.filter((c) => c.method !== 'initSDK' && !c.settled);
      const inFlight = unsettled.filter((c) => call.startedAt - c.startedAt < timeout);
      if (unsettled.length > inFlight.length) counters.loginsPastAbandoned += 1;
      for (const c of inFlight) {
        const age = call.startedAt - c.startedAt;
        flag('a', `sdk.login called while an sdk.${c.method} from ${age} ms ago is unsettled`);
      }
      if (!session) return flag('e', 'sdk.login called before the session exists');
      observe();
      const substate = selectSubstate(session.getSnapshot());
      const status = selectStatus(session.getSnapshot());
      if (RECONNECT_SUBSTATES.includes(substate)) flag('b', `sdk.login called in ${substate}`);
      if (reconnecting) flag('b', `sdk.login called while the SDK reconnects by itself (${substate})`);
      if (kickedWithoutAppLogin) {
        flag('c', `sdk.login called after a kick, before any RELOGIN or LOGIN (${substate})`);
      }
      if (status === 'connecting') {
        loginsThisEpisode += 1;
        if (loginsThisEpisode === maxLogins) counters.fullLoginEpisodes += 1;
        if (loginsThisEpisode > maxLogins) {
          flag('d', `${loginsThisEpisode} sdk.login calls in one login episode (max ${maxLogins})`);
        }
      } else if (status === 'sigExpired') {
        refreshLoginsThisEpisode += 1;
        if (refreshLoginsThisEpisode === maxRefreshes) counters.fullRefreshEpisodes += 1;
        if (refreshLoginsThisEpisode > maxRefreshes) {
          flag(
            'd',
            `${refreshLoginsThisEpisode} sdk.login calls in one refresh episode (max ${maxRefreshes})`,
          );
        }
      } else {
        flag('b', `sdk.login called outside a login or refresh episode (${substate})`);
      }
    },
    onProvider(reason) {
      if (reason === 'expired' && ++expiredAsksThisEpisode > maxRefreshes) {
        flag(
          'd',
          `getUserSig asked ${expiredAsksThisEpisode} times for 'expired' in one episode (max ${maxRefreshes})`,
        );
      }
    },
  });

  const guard = (what: string, action: () => void) => {
    try {
      action();
    } catch (error) {
      flag('e', `${what} threw into the caller: ${String(error)}`);
    }
  };

  guard('createSession', () => {
    session = createSession({
      sdk: adversary.sdk,
      sdkAppID: 1400000001,
      logLevel: 'debug',
      ...(scenario.withProvider && { getUserSig: adversary.getUserSig }),
      ...(scenario.loginTimeoutMs !== undefined && { loginTimeoutMs: scenario.loginTimeoutMs }),
      ...(scenario.retry && { retry: scenario.retry }),
      ...(scenario.sigRetry && { sigRetry: scenario.sigRetry }),
      logger: (entry) => scan('logger entry', entry),
      inspect: (inspection) => {
        const named = inspection as {
          event?: unknown;
          snapshot?: unknown;
          action?: unknown;
          sourceRef?: unknown;
        };
        scan(`inspection ${inspection.type} event`, named.event ?? null);
        scan(`inspection ${inspection.type} snapshot`, named.snapshot ?? null);
        scan(`inspection ${inspection.type} action`, named.action ?? null);
        // An actor's snapshot cannot be read while it initialises: the actors named are scanned at each check.
        namedActors.add(inspection.actorRef);
        if (named.sourceRef) namedActors.add(named.sourceRef as { getSnapshot(): unknown });
      },
    });
  });
  if (!session) throw new Error(violations.join('\n'));
  const actor = session;
  actor.subscribe(() => observe());
  actor.on('kicked', () => {
    counters.kicks += 1;
    kickedWithoutAppLogin = true;
  });
  actor.on('sigExpired', () => {
    refreshLoginsThisEpisode = 0;
    expiredAsksThisEpisode = 0;
  });

  const check = (where: string) => {
    const snapshot = actor.getSnapshot();
    reached.set(selectSubstate(snapshot), (reached.get(selectSubstate(snapshot)) ?? 0) + 1);
    if (snapshot.status !== 'active') flag('e', `the actor's status is '${snapshot.status}'`);
    scan('JSON.stringify(snapshot)', snapshot);
    guard('getPersistedSnapshot', () => scan('getPersistedSnapshot()', actor.getPersistedSnapshot()));
    for (const named of namedActors)
      scan(`the snapshot of inspected actor '${named.id ?? '?'}'`, named.getSnapshot());
    if (leaks.length > 0) flag('f', `the UserSig leaked into ${leaks.splice(0).join('; ')}`);
    if (violations.length > 0) {
      throw new Error(`${where} (in ${selectSubstate(snapshot)}):\n  ${violations.join('\n  ')}`);
    }
  };

  const listener = () => adversary.listener;
  const perform = async (step: Step) => {
    const status = selectStatus(actor.getSnapshot());
    if ((step.kind === 'connecting' || step.kind === 'connectFailed') && status === 'online')
      reconnecting = true;
    if (step.kind === 'kicked' && (status === 'online' || status === 'connecting'))
      kickedWithoutAppLogin = true;
    switch (step.kind) {
      case 'app':
        if (step.event.type === 'RELOGIN' || isAcceptableLogin(step.event, scenario.withProvider)) {
          kickedWithoutAppLogin = false;
        }
        return guard(step.event.type, () => actor.send(step.event));
      case 'connecting':
        return guard('onConnecting', () => listener()?.onConnecting());
      case 'connectSuccess':
        return guard('onConnectSuccess', () => listener()?.onConnectSuccess());
      case 'connectFailed':
        return guard('onConnectFailed', () => listener()?.onConnectFailed(step.code, 'network down'));
      case 'kicked':
        return guard('onKickedOffline', () => listener()?.onKickedOffline(step.reason));
      case 'userSigExpired':
        adversary.noteUserSigExpired();
        return guard('onUserSigExpired', () => listener()?.onUserSigExpired());
      case 'selfInfo':
        return guard('onSelfInfoUpdated', () => listener()?.onSelfInfoUpdated(step.info));
      case 'settle':
        return adversary.settle(step.method, step.pick, step.settlement);
      case 'answerProvider':
        return adversary.answerProvider(step.pick, step.answer);
      case 'tick': {
        const ms = Math.round((step.permille / 1000) * horizon);
        try {
          await vi.advanceTimersByTimeAsync(ms);
        } catch (error) {
          flag('e', `a timer threw: ${String(error)}`);
        }
      }
    }
  };

  guard('start', () => actor.start());
  await settleMicrotasks();
  check('after start');
  for (const [index, step] of scenario.steps.entries()) {
    counters.steps += 1;
    await perform(step);
    await settleMicrotasks();
    check(`after step #${index} ${JSON.stringify(step)}`);
  }

  guard('stop', () => actor.stop());
  // R15: a stopped session leaves no timer behind, and late callbacks are harmless.
  if (vi.getTimerCount() > 0) flag('e', `${vi.getTimerCount()} timer(s) left after stop()`);
  guard('a callback after stop', () => listener()?.onKickedOffline('multipleDevice'));
  await settleMicrotasks();
  if (adversary.unInitCalls > 1) flag('e', `unInitSDK called ${adversary.unInitCalls} times`);
  if (leaks.length > 0) flag('f', `the UserSig leaked into ${leaks.join('; ')}`);
  if (violations.length > 0) throw new Error(`after stop():\n  ${violations.join('\n  ')}`);
}

/** Whether a LOGIN passes R3's checks (so the app did ask for a login). */
function isAcceptableLogin(event: SessionAppEvent, withProvider: boolean): boolean {
  if (event.type !== 'LOGIN') return false;
  const validUserID = /^[A-Za-z0-9_-]{1,32}$/.test(event.userID);
  return validUserID && (withProvider || (event.userSig ?? '').trim().length > 0);
}
