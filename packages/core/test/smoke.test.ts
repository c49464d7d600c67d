import { createSession, selectStatus, selectSubstate } from '@imstate/core';
import { expect, test } from 'vitest';
import { createFakeSdk, flush } from './fake-sdk';

test('smoke', async () => {
  const fake = createFakeSdk();
  const session = createSession({ sdk: fake.sdk, sdkAppID: 1400000001 });
  session.start();
  expect(fake.sdk.initSDK).toHaveBeenCalledTimes(1);
  await flush();
  expect(selectStatus(session.getSnapshot())).toBe('loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-secret' });
  expect(fake.sdk.login).toHaveBeenCalledTimes(1);
  await flush();
  expect(selectSubstate(session.getSnapshot())).toBe('online');
  fake.listener.onConnecting();
  expect(selectSubstate(session.getSnapshot())).toBe('connecting.reconnecting');
  fake.listener.onConnectSuccess();
  fake.listener.onKickedOffline('multipleDevice');
  expect(session.getSnapshot().context.kickReason).toBe('multipleDevice');
  session.send({ type: 'RELOGIN' });
  await flush();
  expect(selectStatus(session.getSnapshot())).toBe('online');
  expect(JSON.stringify(session.getSnapshot())).not.toContain('sig-secret');
  session.stop();
  expect(fake.sdk.unInitSDK).toHaveBeenCalledTimes(1);
});
