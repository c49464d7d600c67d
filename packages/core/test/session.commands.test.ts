import { sessionCommands } from '@imstate/core/bindings';
import { result } from '@imstate/test-support/scripted-sdk';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { loggedOutSession, onlineSession, settle, stopAllSessions } from './support/harness';

afterEach(stopAllSessions);

describe('sessionCommands', () => {
  test('login() logs in with the given user and UserSig', async () => {
    const { session, fake, status } = await loggedOutSession();
    sessionCommands(session).login({ userID: 'alice', userSig: 'sig-alice-1' });
    await settle();
    expect(fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-alice-1' });
    expect(status()).toBe('online');
  });

  test('login() sends LOGIN even when the params carry a stray type', async () => {
    const { session, status } = await loggedOutSession();
    const params = { userID: 'alice', userSig: 'sig-alice-1', type: 'LOGOUT' };
    sessionCommands(session).login(params);
    await settle();
    expect(status()).toBe('online');
  });

  test('logout() logs out, relogin() logs the kicked user in again, retry() repeats a failed login', async () => {
    const harness = await onlineSession();
    const commands = sessionCommands(harness.session);
    harness.fake.listener.onKickedOffline('multipleDevice');
    expect(harness.status()).toBe('kicked');
    commands.relogin();
    await settle();
    expect(harness.status()).toBe('online');
    expect(harness.fake.sdk.login).toHaveBeenCalledTimes(2);

    commands.logout();
    await settle();
    expect(harness.status()).toBe('loggedOut');
    expect(harness.fake.sdk.logout).toHaveBeenCalledTimes(1);

    harness.fake.script.login.push(result(70009, 'bad signature'));
    commands.login({ userID: 'alice', userSig: 'sig-alice-2' });
    await settle();
    expect(harness.context().error?.code).toBe(70009);
    commands.retry();
    await settle();
    expect(harness.status()).toBe('online');
    expect(harness.fake.sdk.login).toHaveBeenCalledTimes(4);
  });

  test('hands back the session, and each command keeps working for its life', async () => {
    const { session } = await loggedOutSession();
    const commands = sessionCommands(session);
    expect(commands.session).toBe(session);
    expect(Object.keys(commands).sort()).toEqual(['login', 'logout', 'relogin', 'retry', 'session']);
  });

  test.each([
    ['no params', undefined],
    ['null', null],
  ])('login() with %s records INVALID_USER_ID instead of throwing', async (_, params) => {
    const { session, fake, context, status } = await loggedOutSession();
    expect(() => sessionCommands(session).login(params as never)).not.toThrow();
    expect(context().error?.code).toBe('INVALID_USER_ID');
    expect(status()).toBe('loggedOut');
    expect(fake.sdk.login).not.toHaveBeenCalled();
  });

  test('login() on a stopped session does nothing, and no console line carries its UserSig', async () => {
    // XState's development build warns with the whole event when one is sent to a stopped actor.
    const { session, fake } = await loggedOutSession();
    session.stop();
    const console = ['log', 'info', 'warn', 'error', 'debug'].map((method) =>
      vi.spyOn(globalThis.console, method as 'log').mockImplementation(() => {}),
    );
    sessionCommands(session).login({ userID: 'alice', userSig: 'sig-alice-secret' });
    await settle();
    expect(fake.sdk.login).not.toHaveBeenCalled();
    const printed = JSON.stringify(console.flatMap((spy) => spy.mock.calls));
    expect(printed).not.toContain('sig-alice-secret');
  });
});
