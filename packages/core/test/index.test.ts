import type { ImSdk, SessionActor } from '@imstate/core';
import * as core from '@imstate/core';
import * as bindings from '@imstate/core/bindings';
import { describe, expect, it, test } from 'vitest';
import { waitFor } from 'xstate';

// `sessionMachine` is built while its module loads, so a statechart that cannot be built (an `initial` naming no
// child, a `#session…` target whose id does not exist) throws on import. A static import turns that into a test
// file that fails to load and reports no test; importing inside the test makes it one named failing test
// (which is what Stryker's vitest runner needs to count such a mutant as killed).
const loadCore = () => import('@imstate/core');

const sdk: ImSdk = {
  initSDK: async () => ({ code: 0, desc: 'ok' }),
  unInitSDK: () => {},
  login: async () => ({ code: 0, desc: 'ok' }),
  logout: async () => ({ code: 0, desc: 'ok' }),
};

describe('the public surface', () => {
  it('@imstate/core exports what an app calls, and nothing internal', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'EXPIRED_SIG_CODES',
        'ErrorCode',
        'LogLevel',
        'PERMANENT_LOGIN_CODES',
        'createSession',
        'decodeUserSig',
        'isValidSdkAppID',
        'selectIsOnline',
        'selectStatus',
        'selectSubstate',
        'selectTab',
        'sessionMachine',
        'validateUserID',
      ].sort(),
    );
  });

  it('@imstate/core/bindings exports what a framework binding or an SDK adapter needs besides', () => {
    expect(Object.keys(bindings).sort()).toEqual(
      [
        'frozenCopy',
        'isSameView',
        'isSessionActor',
        'isSessionStopped',
        'jsonSafe',
        'readonlySnapshot',
        'selectView',
        'sessionCommands',
        'subscribeSession',
      ].sort(),
    );
  });
});

test('the package loads and its statechart has the six statuses as top-level states', async () => {
  const { sessionMachine } = await loadCore();
  expect(Object.keys(sessionMachine.root.states)).toEqual([
    'init',
    'loggedOut',
    'connecting',
    'online',
    'kicked',
    'sigExpired',
  ]);
});

test('a session from the freshly loaded package starts in init, then logs in and out', async () => {
  const { createSession, selectStatus } = await loadCore();
  const session: SessionActor = createSession({ sdk, sdkAppID: 1400000001 });
  session.start();
  try {
    expect(selectStatus(session.getSnapshot())).toBe('init');
    await waitFor(session, (snapshot) => selectStatus(snapshot) === 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    expect(selectStatus(session.getSnapshot())).toBe('connecting');
    await waitFor(session, (snapshot) => selectStatus(snapshot) === 'online');
    session.send({ type: 'LOGOUT' });
    expect(selectStatus(session.getSnapshot())).toBe('loggedOut');
  } finally {
    session.stop();
  }
});
