import {
  type SessionEmitted,
  selectTab,
  type TabCommand,
  type TabCoordinator,
  type TabEvent,
} from '@imstate/core';
import { describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness, loggedOutSession, settle, useSessionClock } from './support/harness';

useSessionClock();

/**
 * A tab coordinator the test drives: it records the session's commands, and `report` plays the other tabs.
 * `settled` is what the session hands the coordinator to wait for its SDK calls before letting go.
 */
function scriptedTabs(autoTakeOver = true) {
  const commands: TabCommand[] = [];
  let report: ((event: TabEvent) => void) | undefined;
  let settled: (() => Promise<unknown>) | undefined;
  const tabs: TabCoordinator = {
    autoTakeOver,
    join(sink, whenSettled) {
      report = sink;
      settled = whenSettled;
      return (command) => commands.push(command);
    },
  };
  return {
    tabs,
    commands,
    /** The commands' types, in order. */
    said: () => commands.map((command) => command.type),
    report: (event: TabEvent) => report!(event),
    settled: () => settled!(),
  };
}

const kicks = (h: Harness) =>
  h.emitted.filter((event) => event.type === 'kicked') as Extract<SessionEmitted, { type: 'kicked' }>[];

/** A session with a scripted coordinator, logged out and standing by. */
async function standby(options: Parameters<typeof loggedOutSession>[0] = {}, autoTakeOver = true) {
  const coordinator = scriptedTabs(autoTakeOver);
  const h = await loggedOutSession({
    getUserSig: async (id) => `sig-${id}-fresh`,
    ...options,
    tabs: coordinator.tabs,
  });
  return { h, tabs: coordinator };
}

/** A session granted the login as alice, its `sdk.login` in flight (held until the test settles it). */
async function loggingIn() {
  const { h, tabs } = await standby();
  h.fake.script.login.push('hold');
  h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
  tabs.report({ type: 'TAB.GRANTED' });
  await settle();
  expect(h.substate()).toBe('connecting.loggingIn');
  return { h, tabs };
}

/** A session holding the login (granted, online) as alice. */
async function holding(options: Parameters<typeof loggedOutSession>[0] = {}) {
  const { h, tabs } = await standby(options);
  h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
  tabs.report({ type: 'TAB.ROLE', role: 'active' });
  tabs.report({ type: 'TAB.GRANTED' });
  await settle();
  expect(h.status()).toBe('online');
  tabs.commands.length = 0;
  return { h, tabs };
}

describe('T1: without tabs', () => {
  it('nothing changes: the role is alone (selectTab, context.tab), and a login starts at once', async () => {
    const h = await loggedOutSession();
    expect(h.context().tab).toBe('alone');
    expect(selectTab(h.session.getSnapshot())).toBe('alone');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    await settle();
    expect(h.substate()).toBe('online');
  });

  it('an otherTab kick sent to a lone session is an ordinary kick: RELOGIN logs in again at once', async () => {
    const h = await loggedOutSession();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    await settle();
    h.session.send({ type: 'SDK.KICKED', reason: 'otherTab' });
    h.session.send({ type: 'RELOGIN' });
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(2);
    await settle();
    expect(h.substate()).toBe('online');
  });
});

describe('claiming the login (T2, T3)', () => {
  it('starts standing by, claims before logging in, and logs in once granted', async () => {
    const { h, tabs } = await standby();
    expect(selectTab(h.session.getSnapshot())).toBe('standby');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    expect(h.substate()).toBe('connecting.claiming');
    expect(tabs.commands).toEqual([{ type: 'claim', userID: 'alice', reason: undefined }]);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    tabs.report({ type: 'TAB.ROLE', role: 'active' });
    tabs.report({ type: 'TAB.GRANTED' });
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(h.status()).toBe('online');
    expect(selectTab(h.session.getSnapshot())).toBe('active');
  });

  it('held elsewhere: kicked with otherTab, naming that user, and no sdk.login', async () => {
    const { h, tabs } = await standby();
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    await settle();
    expect(h.substate()).toBe('kicked.standingBy');
    expect(h.context()).toMatchObject({ kickReason: 'otherTab', userID: 'alice' });
    expect(kicks(h)).toEqual([{ type: 'kicked', reason: 'otherTab' }]);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    expect(tabs.said()).toEqual(['claim', 'standBy']);
  });

  it('held elsewhere without a provider (or with autoTakeOver off): it rests instead of standing by', async () => {
    const { h, tabs } = await standby({ getUserSig: undefined });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    expect(h.substate()).toBe('kicked.resting');
    const off = await standby({}, false);
    off.h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
    off.tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    expect(off.h.substate()).toBe('kicked.resting');
    expect([...tabs.said(), ...off.tabs.said()]).toEqual(['claim', 'claim']);
  });

  it('a LOGIN refused by validation never reaches the coordinator', async () => {
    const { h, tabs } = await standby();
    h.session.send({ type: 'LOGIN', userID: 'no spaces' });
    expect(h.context().error?.code).toBe('INVALID_USER_ID');
    expect(tabs.commands).toEqual([]);
  });

  it('a login ending in another tab while this one claims is not this one’s', async () => {
    const { h, tabs } = await standby();
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    tabs.report({ type: 'TAB.LOGGED_OUT' });
    tabs.report({ type: 'TAB.KICKED', reason: 'restApi' });
    expect(h.substate()).toBe('connecting.claiming');
  });
});

/** A session that logged in as bob while alice held the login elsewhere, and said "use here" (RELOGIN). */
async function takingOver(autoTakeOver = true) {
  const { h, tabs } = await standby({}, autoTakeOver);
  h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob' });
  tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
  h.session.send({ type: 'RELOGIN' });
  expect(h.substate()).toBe('connecting.takingOver');
  return { h, tabs };
}

describe('use here (T4)', () => {
  it('RELOGIN in a tab kicked with otherTab takes over as the named user, with a provider’s UserSig', async () => {
    const { h, tabs } = await takingOver();
    expect(tabs.commands.at(-1)).toEqual({ type: 'takeOver', userID: 'alice', reason: undefined });
    tabs.report({ type: 'TAB.GRANTED' });
    await settle();
    // bob's UserSig is not alice's: the provider is asked.
    expect(h.fake.loginSigs).toEqual(['sig-alice-fresh']);
    expect(h.status()).toBe('online');
  });

  it('a later "use here" in another tab wins: the tab taking over stands by, kicked for that tab’s user', async () => {
    const { h, tabs } = await takingOver();
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'carol' });
    expect(h.substate()).toBe('kicked.standingBy');
    expect(h.context()).toMatchObject({ kickReason: 'otherTab', userID: 'carol' });
    expect(tabs.said()).toEqual(['claim', 'standBy', 'takeOver', 'standBy']);
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
    const off = await takingOver(false);
    off.tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'carol' });
    expect(off.h.substate()).toBe('kicked.resting');
  });

  it('the holding tab, asked to let go, logs out, and only then lets go for the taking tab', async () => {
    const { h, tabs } = await holding();
    h.fake.script.logout.push('hold');
    tabs.report({ type: 'TAB.TAKEOVER', userID: 'bob' });
    expect(h.substate()).toBe('kicked.displaced');
    expect(h.context()).toMatchObject({ kickReason: 'otherTab', userID: 'bob' });
    expect(kicks(h)).toEqual([{ type: 'kicked', reason: 'otherTab' }]);
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(tabs.said()).toEqual([]);
    h.fake.logouts[0]!.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(tabs.said()).toEqual(['release', 'standBy']);
    expect(tabs.commands[0]).toMatchObject({ reason: 'otherTab' });
    expect(h.substate()).toBe('kicked.standingBy');
  });

  it('RELOGIN after the same user took over in another tab reuses the UserSig this tab holds', async () => {
    const { h, tabs } = await holding();
    tabs.report({ type: 'TAB.TAKEOVER', userID: 'alice' });
    await settle();
    h.session.send({ type: 'RELOGIN' });
    expect(h.substate()).toBe('connecting.takingOver');
    tabs.report({ type: 'TAB.GRANTED' });
    await settle();
    expect(h.fake.loginSigs).toEqual(['sig-alice-1', 'sig-alice-1']);
    expect(h.status()).toBe('online');
  });

  it('RELOGIN without a provider after another user took over: loggedOut with INVALID_USER_SIG, no retries', async () => {
    const { h, tabs } = await holding({ getUserSig: undefined });
    tabs.report({ type: 'TAB.TAKEOVER', userID: 'bob' });
    await settle();
    expect(h.substate()).toBe('kicked.resting');
    h.session.send({ type: 'RELOGIN' });
    tabs.report({ type: 'TAB.GRANTED' });
    await settle();
    expect(h.substate()).toBe('loggedOut.idle');
    expect(h.context()).toMatchObject({ userID: 'bob', attempt: 1, error: { code: 'INVALID_USER_SIG' } });
    expect(h.fake.loginSigs).toEqual(['sig-alice-1']);
  });

  it('the coordinator lets go only once the SDK’s calls have settled (a late login included)', async () => {
    const { h, tabs } = await loggingIn();
    h.session.send({ type: 'LOGOUT' });
    let quiet = false;
    void tabs.settled().then(() => {
      quiet = true;
    });
    await settle();
    expect(quiet).toBe(false);
    h.fake.logins[0]!.resolve({ code: 0, desc: 'ok' });
    await settle();
    // The late login is logged out (R9) before the lock may go to another tab.
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(quiet).toBe(true);
  });
});

describe('log out everywhere (T5)', () => {
  it('LOGOUT in the holding tab logs out and tells the others', async () => {
    const { h, tabs } = await holding();
    h.session.send({ type: 'LOGOUT' });
    expect(h.status()).toBe('loggedOut');
    expect(tabs.said()).toEqual(['logOut']);
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
  });

  it('LOGIN right after LOGOUT, while this tab still holds the login (letting go): it claims again', async () => {
    const { h, tabs } = await holding();
    h.session.send({ type: 'LOGOUT' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-2' });
    expect(h.substate()).toBe('connecting.claiming');
    expect(tabs.said()).toEqual(['logOut', 'claim']);
  });

  it('LOGIN as another user tells the coordinator whose login this tab now holds', async () => {
    const { h, tabs } = await holding();
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob-1' });
    expect(tabs.commands).toEqual([{ type: 'hold', userID: 'bob', reason: undefined }]);
  });

  it('LOGOUT in another tab: the holding tab logs out as if LOGOUT were sent to it', async () => {
    const { h, tabs } = await holding();
    tabs.report({ type: 'TAB.LOGGED_OUT' });
    expect(h.status()).toBe('loggedOut');
    expect(h.emitted.at(-1)).toEqual({ type: 'loggedOut' });
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
  });

  it('a tab kicked with otherTab follows to loggedOut without a logout of its own, and asks the others when it is the one', async () => {
    const { h, tabs } = await standby();
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig' });
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    tabs.report({ type: 'TAB.LOGGED_OUT' });
    expect(h.substate()).toBe('loggedOut.idle');
    expect(h.emitted.at(-1)).toEqual({ type: 'loggedOut' });
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig' });
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    h.session.send({ type: 'LOGOUT' });
    expect(h.substate()).toBe('loggedOut.idle');
    expect(tabs.said().at(-1)).toBe('logOut');
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
  });
});

describe('hand-over (T6) and kicks (T7, T10)', () => {
  it('standing by, granted the login: logs in as the named user, asking the provider (relogin)', async () => {
    const getUserSig = vi.fn(async (id: string) => `sig-${id}-fresh`);
    const { h, tabs } = await standby({ getUserSig });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-own' });
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    tabs.report({ type: 'TAB.GRANTED' });
    await settle();
    expect(getUserSig).toHaveBeenCalledWith('alice', { reason: 'relogin', signal: expect.any(AbortSignal) });
    expect(h.fake.loginSigs).toEqual(['sig-alice-fresh']);
    expect(h.status()).toBe('online');
  });

  it('standing by, granted the login as another user (the holder switched, or a later taker won): logs in as that user', async () => {
    const getUserSig = vi.fn(async (id: string) => `sig-${id}-fresh`);
    const { h, tabs } = await standby({ getUserSig });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-own' });
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    tabs.report({ type: 'TAB.GRANTED', userID: 'carol' });
    await settle();
    expect(getUserSig).toHaveBeenCalledWith('carol', { reason: 'relogin', signal: expect.any(AbortSignal) });
    expect(h.fake.sdk.login).toHaveBeenCalledWith({ userID: 'carol', userSig: 'sig-carol-fresh' });
    expect([h.status(), h.context().userID]).toEqual(['online', 'carol']);
  });

  it('the holding tab kicked by the server tells the others with its reason, and lets go', async () => {
    const { h, tabs } = await holding();
    h.fake.listener.onKickedOffline('restApi');
    expect(h.substate()).toBe('kicked.resting');
    expect(tabs.commands).toEqual([{ type: 'release', userID: 'alice', reason: 'restApi' }]);
  });

  it('the holding tab kicked by the server claims the login again on RELOGIN, and logs out on LOGOUT', async () => {
    const relogin = await holding();
    relogin.h.fake.listener.onKickedOffline('multipleDevice');
    relogin.h.session.send({ type: 'RELOGIN' });
    expect(relogin.h.substate()).toBe('connecting.claiming');
    expect(relogin.tabs.said()).toEqual(['release', 'claim']);
    const logout = await holding();
    logout.h.fake.listener.onKickedOffline('multipleDevice');
    logout.h.session.send({ type: 'LOGOUT' });
    expect(logout.h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(logout.tabs.said()).toEqual(['release', 'logOut']);
    // @imstate/tabs reads a reason on release only; LOGOUT has forgotten the kick by the time it says logOut.
    expect(logout.tabs.commands[1]).toEqual({ type: 'logOut', userID: undefined, reason: undefined });
  });

  it('a tab following another’s login shows that login’s kick, and rests', async () => {
    const { h, tabs } = await standby();
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig' });
    tabs.report({ type: 'TAB.HELD_ELSEWHERE', userID: 'alice' });
    tabs.report({ type: 'TAB.KICKED', reason: 'restApi' });
    expect(h.substate()).toBe('kicked.resting');
    expect(kicks(h).map((event) => event.reason)).toEqual(['otherTab', 'restApi']);
    tabs.report({ type: 'TAB.GRANTED' });
    expect(h.fake.sdk.login).not.toHaveBeenCalled();
  });

  it('a holding tab whose hold was stolen logs out, rests kicked with otherTab, and does not stand by', async () => {
    const { h, tabs } = await holding();
    tabs.report({ type: 'TAB.ROLE', role: 'standby' });
    tabs.report({ type: 'TAB.KICKED', reason: 'otherTab' });
    expect(h.substate()).toBe('kicked.resting');
    expect(h.context().kickReason).toBe('otherTab');
    expect(selectTab(h.session.getSnapshot())).toBe('standby');
    expect(tabs.commands).toEqual([]);
    // Its login ends too (T2): the tab that took the hold logs in.
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    await settle();
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('a holding tab robbed while it logs its last user out (switching user) makes no second logout', async () => {
    const { h, tabs } = await holding();
    h.fake.script.logout.push('hold');
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'sig-bob-1' });
    expect(h.substate()).toBe('connecting.switchingUser');
    tabs.report({ type: 'TAB.KICKED', reason: 'otherTab' });
    expect(h.substate()).toBe('kicked.resting');
    await settle();
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('a tab acting alone (its Web Locks refused) follows no other tab: it stays online, logged in', async () => {
    const { h, tabs } = await standby();
    tabs.report({ type: 'TAB.ROLE', role: 'alone' });
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(h.status()).toBe('online');
    tabs.report({ type: 'TAB.KICKED', reason: 'multipleAccount' });
    tabs.report({ type: 'TAB.LOGGED_OUT' });
    tabs.report({ type: 'TAB.TAKEOVER', userID: 'bob' });
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
  });

  it('a holding tab robbed while its login is in flight logs that login out only if it succeeds (R9)', async () => {
    const { h, tabs } = await loggingIn();
    tabs.report({ type: 'TAB.KICKED', reason: 'otherTab' });
    expect(h.substate()).toBe('kicked.resting');
    expect(h.fake.sdk.logout).not.toHaveBeenCalled();
    h.fake.logins[0]?.resolve({ code: 0, desc: 'ok' });
    await settle();
    expect(h.fake.sdk.logout).toHaveBeenCalledTimes(1);
  });
});

describe('T9: a coordinator that cannot coordinate', () => {
  it('the session acts alone, as without tabs, after one warning', async () => {
    const logs: { level: string; message: string }[] = [];
    const h = createHarness({
      tabs: { autoTakeOver: true, join: () => undefined },
      logger: (entry) => logs.push(entry),
    });
    await settle();
    expect(selectTab(h.session.getSnapshot())).toBe('alone');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig' });
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(logs.filter((entry) => entry.level === 'warn')).toEqual([
      { level: 'warn', message: expect.stringContaining('acts alone') },
    ]);
  });

  it('a coordinator that coordinates: no warning, whatever it reports', async () => {
    const logs: { level: string; message: string }[] = [];
    const { h } = await holding({ logger: (entry) => logs.push(entry) });
    expect(selectTab(h.session.getSnapshot())).toBe('active');
    expect(logs.filter((entry) => entry.level === 'warn')).toEqual([]);
  });

  it('a coordinator whose lock manager refuses reports the tab alone: one warning, however often it says so', async () => {
    const logs: { level: string; message: string }[] = [];
    const { h, tabs } = await standby({ logger: (entry) => logs.push(entry) });
    tabs.report({ type: 'TAB.ROLE', role: 'alone' });
    tabs.report({ type: 'TAB.ROLE', role: 'alone' });
    expect(selectTab(h.session.getSnapshot())).toBe('alone');
    expect(logs.filter((entry) => entry.level === 'warn')).toEqual([
      { level: 'warn', message: expect.stringContaining('acts alone') },
    ]);
  });

  it.each([
    ['an object without join', {}],
    ['null', null],
  ])('refuses a tabs option that is not a coordinator: %s', (_, tabs) => {
    expect(() => createHarness({ tabs: tabs as unknown as TabCoordinator })).toThrow(
      new TypeError('imstate: options.tabs.join is not a function'),
    );
  });

  it('runs its tab bridge beside the SDK bridge for as long as it runs', async () => {
    const { h } = await standby();
    expect(Object.keys(h.session.getSnapshot().children).sort()).toEqual(['sdk', 'tabs']);
  });

  it('leaves on stop: the coordinator is told once', async () => {
    const { h, tabs } = await standby();
    h.session.stop();
    expect(tabs.said()).toEqual(['leave']);
  });
});
