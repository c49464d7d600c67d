import { selectIsOnline, selectStatus, selectSubstate, selectTab } from '@imstate/core';
import { createScriptedSdk } from '@imstate/test-support/scripted-sdk';
import { describe, expect, it } from 'vitest';
import { createHarness, loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

useSessionClock();

describe('selectStatus / selectSubstate', () => {
  it('report init, with its substate, before initSDK has answered', () => {
    const h = createHarness({ fake: createScriptedSdk({ initSDK: ['hold'] }) });
    expect(selectStatus(h.session.getSnapshot())).toBe('init');
    expect(selectSubstate(h.session.getSnapshot())).toMatch(/^init\.\w+$/);
  });

  it('report loggedOut', async () => {
    const h = await loggedOutSession();
    expect(selectStatus(h.session.getSnapshot())).toBe('loggedOut');
    expect(selectSubstate(h.session.getSnapshot())).toMatch(/^loggedOut(\.\w+)?$/);
  });

  it('report online as a plain state', async () => {
    const h = await onlineSession();
    expect(selectStatus(h.session.getSnapshot())).toBe('online');
    expect(selectSubstate(h.session.getSnapshot())).toBe('online');
    expect(selectIsOnline(h.session.getSnapshot())).toBe(true);
  });

  it('report connecting with the offline substate while the network is down', async () => {
    const h = await onlineSession();
    h.fake.listener.onConnectFailed(2801, 'down');
    expect(selectStatus(h.session.getSnapshot())).toBe('connecting');
    expect(selectSubstate(h.session.getSnapshot())).toBe('connecting.offline');
    expect(selectIsOnline(h.session.getSnapshot())).toBe(false);
  });

  it('report a login in flight as a connecting substate other than offline', async () => {
    const h = await loggedOutSession();
    h.fake.script.login.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    expect(selectStatus(h.session.getSnapshot())).toBe('connecting');
    expect(selectSubstate(h.session.getSnapshot())).toMatch(/^connecting\.(?!offline)\w+$/);
  });

  it('report kicked', async () => {
    const h = await onlineSession();
    h.fake.listener.onKickedOffline('multipleDevice');
    expect(selectStatus(h.session.getSnapshot())).toBe('kicked');
    expect(selectSubstate(h.session.getSnapshot())).toMatch(/^kicked(\.\w+)?$/);
  });

  it('report sigExpired with the refreshing substate while getUserSig is asked', async () => {
    const h = await onlineSession({ getUserSig: () => new Promise<string>(() => {}) });
    h.fake.listener.onUserSigExpired();
    await settle();
    expect(selectStatus(h.session.getSnapshot())).toBe('sigExpired');
    expect(selectSubstate(h.session.getSnapshot())).toBe('sigExpired.refreshing');
  });

  it('always name one of the six statuses first', async () => {
    const seen = new Set<string>();
    const h = await onlineSession({ getUserSig: async () => 'sig-2' });
    h.session.subscribe((snapshot) => {
      seen.add(selectStatus(snapshot));
      expect(selectSubstate(snapshot).split('.')[0]).toBe(selectStatus(snapshot));
    });
    h.fake.listener.onConnecting();
    h.fake.listener.onConnectSuccess();
    h.fake.listener.onUserSigExpired();
    await settle();
    h.fake.listener.onKickedOffline('restApi');
    h.session.send({ type: 'LOGOUT' });
    await settle();
    expect([...seen].sort()).toEqual(['connecting', 'kicked', 'loggedOut', 'online', 'sigExpired']);
  });
});

describe('selectTab', () => {
  it('reports alone for a session without tabs, before and after login', async () => {
    const h = await onlineSession();
    expect(selectTab(h.session.getSnapshot())).toBe('alone');
    expect(h.session.getSnapshot().context.tab).toBe('alone');
  });

  it('reports alone for a snapshot persisted before context.tab existed', () => {
    const persisted = { context: { attempt: 0 } } as unknown as Parameters<typeof selectTab>[0];
    expect(selectTab(persisted)).toBe('alone');
  });
});
