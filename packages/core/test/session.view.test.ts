import { fc, test } from '@fast-check/vitest';
import type { SessionView } from '@imstate/core';
import { isSameView, selectView } from '@imstate/core/bindings';
import { createScriptedSdk, result } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

const viewOf = (h: { session: { getSnapshot(): Parameters<typeof selectView>[0] } }) =>
  selectView(h.session.getSnapshot());

describe('selectView', () => {
  it('shows init and loggedOut without a user', async () => {
    const h = createHarness({ fake: createScriptedSdk({ initSDK: ['hold'] }) });
    expect(viewOf(h)).toEqual({
      status: 'init',
      userID: undefined,
      selfInfo: undefined,
      error: undefined,
      kickReason: undefined,
      tab: 'alone',
    });
    h.fake.inits[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(viewOf(h).status).toBe('loggedOut');
  });

  it('shows no user during init, though it keeps a LOGIN sent early for later', () => {
    const h = createHarness({ fake: createScriptedSdk({ initSDK: ['hold'] }) });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    expect(h.context().userID).toBe('alice');
    expect(viewOf(h)).toMatchObject({ status: 'init', userID: undefined, selfInfo: undefined });
  });

  it('shows the user while connecting and online, and the profile once the SDK reports it', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    expect(viewOf(h)).toMatchObject({ status: 'connecting', userID: 'alice', selfInfo: undefined });
    h.fake.logins[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    expect(viewOf(h)).toMatchObject({ status: 'online', userID: 'alice', selfInfo: { nickName: 'Alice' } });
  });

  it('shows why the session was kicked, and who', async () => {
    const h = await onlineSession();
    h.fake.listener.onKickedOffline('restApi');
    expect(viewOf(h)).toMatchObject({ status: 'kicked', userID: 'alice', kickReason: 'restApi' });
  });

  it('does not present a refused login’s user as logged in, though RETRY keeps it', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push(result(70009, 'bad signature'));
    h.session.send({ type: 'LOGIN', userID: 'carol', userSig: 'sig' });
    await settle();
    expect(h.status()).toBe('loggedOut');
    expect(h.context().userID).toBe('carol');
    expect(viewOf(h)).toMatchObject({ status: 'loggedOut', userID: undefined, error: { code: 70009 } });
  });

  it('is frozen, and so is the data it hands out', async () => {
    const h = await onlineSession();
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice', tags: ['a'] });
    const view = viewOf(h);
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.selfInfo)).toBe(true);
    expect(Object.isFrozen(view.selfInfo?.tags)).toBe(true);
    expect(() => Object.assign(view.selfInfo ?? {}, { nickName: 'x' })).toThrow(TypeError);
    expect(h.context().selfInfo?.nickName).toBe('Alice');
  });
});

describe('isSameView', () => {
  it('tells views apart by what they show, not by the snapshot they came from', async () => {
    const h = await onlineSession();
    const before = viewOf(h);
    h.session.send({ type: 'TAB.ROLE', role: 'alone' });
    expect(viewOf(h)).not.toBe(before);
    expect(isSameView(viewOf(h), before)).toBe(true);
    h.fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    expect(isSameView(viewOf(h), before)).toBe(false);
  });
});

/** What the types promise: the view's fields follow its status. */
function checkVariant(view: SessionView) {
  if (view.status === 'init' || view.status === 'loggedOut') {
    expect(view.userID).toBeUndefined();
    expect(view.selfInfo).toBeUndefined();
  } else expect(typeof view.userID).toBe('string');
  if (view.status === 'kicked') expect(typeof view.kickReason).toBe('string');
  else expect(view.kickReason).toBeUndefined();
}

const step = fc.oneof(
  fc.constantFrom(
    { type: 'LOGIN', userID: 'alice', userSig: 'sig-a' },
    { type: 'LOGIN', userID: 'bob', userSig: 'sig-b' },
    { type: 'LOGIN', userID: 'bad id', userSig: 'sig' },
    { type: 'LOGOUT' },
    { type: 'RELOGIN' },
    { type: 'RETRY' },
  ),
  fc.constantFrom(
    'connecting',
    'connectSuccess',
    'connectFailed',
    'kicked',
    'sigExpired',
    'loginFails',
    'loginExpires',
    'tick',
  ),
);

describe('the view follows its status', () => {
  test.prop([fc.array(step, { maxLength: 30 })], { numRuns: 100 })(
    'whatever the app and the SDK do, the view’s user and kick reason match its status',
    async (steps) => {
      const h = createHarness({ getUserSig: async (userID) => `fresh-${userID}` });
      await settle();
      checkVariant(viewOf(h));
      for (const next of steps) {
        if (typeof next === 'object') h.session.send(next as never);
        else if (next === 'loginFails') h.fake.script.login.push(result(2801, 'timeout'));
        else if (next === 'loginExpires') h.fake.script.login.push(result(70001, 'expired'));
        else if (next === 'tick') await vi.advanceTimersByTimeAsync(40_000);
        else if (next === 'connecting') h.fake.listener.onConnecting();
        else if (next === 'connectSuccess') h.fake.listener.onConnectSuccess();
        else if (next === 'connectFailed') h.fake.listener.onConnectFailed(2801, 'down');
        else if (next === 'kicked') h.fake.listener.onKickedOffline('multipleDevice');
        else h.fake.listener.onUserSigExpired();
        await settle();
        checkVariant(viewOf(h));
      }
      h.session.stop();
    },
  );
});
