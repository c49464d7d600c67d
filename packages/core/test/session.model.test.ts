import {
  createSession,
  type ImResult,
  type SessionActor,
  type SessionSnapshot,
  selectSubstate,
  type TabCoordinator,
  type TabEvent,
} from '@imstate/core';
import { createScriptedProvider } from '@imstate/test-support/scripted-sdk';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDrivenSdk, settleMicrotasks } from './support/driven-sdk';
import {
  ALL_STATE_NODES,
  ALL_TRANSITIONS,
  describePath,
  edgeCoverPaths,
  LOGIN_FAILURE_CODES,
  MODEL_VARIANTS,
  type ModelEvent,
  type ModelPath,
  type PathTrace,
  selectCoveringPaths,
  tracePath,
} from './support/session-model';

const generated = MODEL_VARIANTS.map(edgeCoverPaths);
const coverage = selectCoveringPaths(generated.flatMap((g) => g.paths));

/**
 * Events only the model can produce: the UserSig's expiry comes from decoding a real TLSSigAPIv2 UserSig, which
 * finishes on the platform's own schedule rather than at a step the test chooses; and the gate refuses a login for
 * an earlier call only while one runs, which the replay never leaves running between steps.
 */
const modelOnly = (event: ModelEvent) =>
  event.type === 'xstate.done.actor.sigExpiry' ||
  event.type === 'SDK.LATE_LOGIN' ||
  event.type === 'xstate.done.actor.earlierCalls' ||
  (event.error as { failure?: string } | undefined)?.failure === 'earlierCall';
const replayable = coverage.selected.filter(({ path }) => !path.events.some(modelOnly));

describe('the statechart, explored by @xstate/graph', () => {
  test('generated paths reach every state and take every transition', () => {
    const uncoveredStates = ALL_STATE_NODES.filter((id) => !coverage.stateNodes.has(id));
    const uncoveredTransitions = [...ALL_TRANSITIONS]
      .filter(([transition]) => !coverage.transitions.has(transition))
      .map(([, label]) => label);
    const steps = coverage.selected.reduce((sum, { path }) => sum + path.events.length, 0);
    const abstractStates = generated.reduce((sum, g) => sum + g.abstractStates, 0);
    console.log(
      `model coverage: states ${ALL_STATE_NODES.length - uncoveredStates.length}/${ALL_STATE_NODES.length}, ` +
        `transitions ${ALL_TRANSITIONS.size - uncoveredTransitions.length}/${ALL_TRANSITIONS.size} ` +
        `(${coverage.selected.length} paths, ${steps} steps, from ${abstractStates} abstract states ` +
        `over ${MODEL_VARIANTS.length} option sets; ${replayable.length} paths replayed on a real session)`,
    );
    expect(uncoveredStates).toEqual([]);
    expect(uncoveredTransitions).toEqual([]);
    // Only transitions the machine defines are ever taken (no hidden or synthetic ones).
    expect([...coverage.transitions].every((t) => ALL_TRANSITIONS.has(t))).toBe(true);
  });

  test('the transitions counted include every kind the machine defines', () => {
    const kinds = [...ALL_TRANSITIONS.keys()].map((t) => t.eventType);
    expect(kinds).toContain('LOGIN');
    expect(kinds).toContain('SDK.KICKED');
    expect(kinds.some((type) => type.startsWith('xstate.done.actor.'))).toBe(true);
    expect(kinds.some((type) => type.startsWith('xstate.error.actor.'))).toBe(true);
    expect(kinds.some((type) => type.startsWith('xstate.after.'))).toBe(true);
    expect(kinds).toContain(''); // `always`
    expect(ALL_STATE_NODES).toEqual(
      expect.arrayContaining(['session.kicked', 'session.sigExpired.refreshing']),
    );
  });
});

describe('a real session follows the model', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // The covering paths one by one, named by their events.
  test.each(replayable.map(({ path, trace }) => [describePath(path), path, trace] as const))(
    'along %s',
    (_name, path, trace) => replay(path, trace),
  );

  const everyEdge = generated.flatMap((g) => g.paths).filter((path) => !path.events.some(modelOnly));

  test(`along all ${everyEdge.length} replayable transition-cover paths`, async () => {
    const mismatches: string[] = [];
    for (const path of everyEdge) {
      await replay(path, tracePath(path)).catch((error: Error) => {
        mismatches.push(`${describePath(path)}: ${error.message.split('\n')[0]}`);
      });
    }
    console.log(`replayed ${everyEdge.length} generated paths on a real session`);
    expect(mismatches).toEqual([]);
  }, 240_000);
});

/** Drives a real session along `path` and checks, after every step, that it is where the model is. */
async function replay(path: ModelPath, trace: PathTrace): Promise<void> {
  const run = await startReplay(path);
  try {
    run.expectState(selectSubstate(trace.snapshots[0]!), 'at start');
    for (const [index, event] of path.events.entries()) {
      await run.drive(event);
      run.expectState(selectSubstate(trace.snapshots[index + 1]!), `after ${event.type} (step ${index})`);
    }
  } finally {
    run.session.stop();
  }
}

/** The states running a logout step, and where a session whose logout had nothing to do rests instead. */
const LOGOUT_STEPS: Record<string, RegExp> = {
  'loggedOut.loggingOut': /^loggedOut\.idle$/,
  'kicked.displaced': /^kicked\.(standingBy|resting)$/,
};

/** How long the real session waits before the model's `xstate.after.<delay>.<state>` event fires. */
function delayOf(type: string, context: SessionSnapshot['context']): number {
  return type.startsWith('xstate.after.loginTimeout.') ? context.policy.loginTimeoutMs : context.retryDelayMs;
}

/** SDK results standing for each step result the model takes: done is success, error a failure. */
function resultFor(event: ModelEvent): ImResult {
  if (event.type.startsWith('xstate.done.actor.')) return { code: 0, desc: 'ok' };
  const { failure } = event.error as { failure?: keyof typeof LOGIN_FAILURE_CODES };
  return { code: failure ? LOGIN_FAILURE_CODES[failure] : 6013, desc: 'failed' };
}

async function startReplay(path: ModelPath) {
  const driven = createDrivenSdk();
  // The provider waits, like every SDK call, for the path to answer it.
  const provider = createScriptedProvider([], 'hold');
  let fresh = 0;
  // With tabs, the replay reports the coordinator's events itself, as the model does.
  let report: ((event: TabEvent) => void) | undefined;
  const tabs: TabCoordinator | undefined = path.variant.input.tabs && {
    autoTakeOver: path.variant.input.tabs.autoTakeOver,
    join: (sink) => {
      report = sink;
      return () => {};
    },
  };
  const session: SessionActor = createSession({
    ...path.variant.input,
    sdk: driven.sdk,
    tabs,
    getUserSig: path.variant.input.getUserSig && provider.getUserSig,
    loginTimeoutMs: 1e9,
  });
  driven.bind(session);
  session.start();
  await settleMicrotasks();

  /** Calls left behind by a state the session has already left fail (logins) or succeed (logouts). */
  const settleAbandoned = async () => {
    for (let calls = driven.abandoned(); calls.length > 0; calls = driven.abandoned()) {
      for (const call of calls)
        call.settle(call.method === 'login' ? { code: 2801, desc: '' } : { code: 0, desc: '' });
      await settleMicrotasks();
    }
  };

  // R9: LOGOUT while sdk.login is in flight rests in loggedOut at once, without calling sdk.logout (the
  // login is logged out if it succeeds), where the model still runs its logout step.
  let logoutRacedLogin = false;

  const settleCurrent = (method: 'initSDK' | 'login' | 'logout', event: ModelEvent) => {
    const [call, ...more] = driven.current(method);
    if (method === 'logout' && !call && logoutRacedLogin) return;
    if (!call || more.length > 0) {
      throw new Error(
        `expected one pending sdk.${method} call for ${event.type}, found ${more.length + (call ? 1 : 0)}`,
      );
    }
    call.settle(resultFor(event));
  };

  const drive = async (event: ModelEvent) => {
    const listener = () => driven.listener;
    // A LOGOUT in another tab, or a takeover by one, logs this one out too.
    // (Kept while the model still runs that logout step: a tab acting alone ignores a later TAB.LOGGED_OUT.)
    if (['LOGOUT', 'TAB.LOGGED_OUT', 'TAB.TAKEOVER'].includes(event.type))
      logoutRacedLogin ||= driven.calls.some((c) => c.method === 'login' && !c.settled);
    switch (event.type) {
      case 'LOGIN':
      case 'LOGOUT':
      case 'RELOGIN':
      case 'RETRY':
        session.send(event as never);
        break;
      case 'SDK.CONNECTING':
        listener().onConnecting();
        break;
      case 'SDK.CONNECT_SUCCESS':
        listener().onConnectSuccess();
        break;
      case 'SDK.CONNECT_FAILED': {
        const error = event.error as { code: number; message: string };
        listener().onConnectFailed(error.code, error.message);
        break;
      }
      case 'SDK.KICKED':
        listener().onKickedOffline(event.reason as never);
        break;
      case 'SDK.SIG_EXPIRED':
        listener().onUserSigExpired();
        break;
      case 'SDK.SELF_INFO':
        listener().onSelfInfoUpdated(event.info as never);
        break;
      case 'xstate.done.actor.initSdk':
      case 'xstate.error.actor.initSdk':
        settleCurrent('initSDK', event);
        break;
      case 'xstate.done.actor.login':
      case 'xstate.error.actor.login':
        // An attempt that asked the app for a UserSig gets one first; the login step then calls sdk.login.
        for (const asked of provider.held.filter((call) => !call.settled))
          asked.resolve(`replay-sig-${++fresh}`);
        await settleMicrotasks();
        settleCurrent('login', event);
        break;
      case 'xstate.done.actor.logout':
      case 'xstate.error.actor.logout':
        settleCurrent('logout', event);
        break;
      default:
        if (event.type.startsWith('TAB.') && report) {
          report(event as TabEvent);
          break;
        }
        if (!event.type.startsWith('xstate.after.')) throw new Error(`no way to drive ${event.type}`);
        await vi.advanceTimersByTimeAsync(delayOf(event.type, session.getSnapshot().context));
    }
    await settleMicrotasks();
    await settleAbandoned();
  };

  const expectState = (expected: string, where: string) => {
    const snapshot = session.getSnapshot();
    expect(snapshot.status, where).toBe('active');
    const actual = selectSubstate(snapshot);
    const loggingOut = LOGOUT_STEPS[expected];
    const shortcut = logoutRacedLogin && !!loggingOut?.test(actual);
    // The shortcut lasts only while the model is still in that logout step.
    logoutRacedLogin = logoutRacedLogin && loggingOut !== undefined;
    if (!shortcut) expect(actual, where).toBe(expected);
  };

  return { session, drive, expectState };
}
