import type { ImSdkListener } from '@imstate/core';
import { createTencentChatSdk } from '@imstate/tencent-chat';
import { expect, vi } from 'vitest';
import { createFakeTencentChat, type FakeTencentChat } from './fake-tencent-chat';

export const SDK_APP_ID = 1400000001;

export function createListener() {
  return {
    onConnecting: vi.fn(),
    onConnectSuccess: vi.fn(),
    onConnectFailed: vi.fn(),
    onKickedOffline: vi.fn(),
    onUserSigExpired: vi.fn(),
    onSelfInfoUpdated: vi.fn(),
  } satisfies ImSdkListener;
}

export type RecordingListener = ReturnType<typeof createListener>;

export function callbackCount(listener: RecordingListener) {
  return Object.values(listener).reduce((sum, callback) => sum + callback.mock.calls.length, 0);
}

/** Settles promises queued so far (the fake answers on later ticks). */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

// Live bindings: each test file calls `beforeEach(resetAdapterHarness)` and reads these as they are now.
export let fake: FakeTencentChat;
export let listener: RecordingListener;

/** A fresh fake `@tencentcloud/chat` module and listener for the next test. */
export function resetAdapterHarness() {
  fake = createFakeTencentChat();
  listener = createListener();
}

/** An adapter over the fake whose initSDK has succeeded. */
export async function initialised(options = {}) {
  const sdk = createTencentChatSdk(fake.module, options);
  await expect(sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'warn', listener })).resolves.toMatchObject({
    code: 0,
  });
  return sdk;
}

/** An adapter over the fake, logged in as `userID` and ready. */
export async function loggedIn(userID = 'alice') {
  const sdk = await initialised();
  fake.autoReady();
  await expect(sdk.login({ userID, userSig: 'sig' })).resolves.toMatchObject({ code: 0 });
  return sdk;
}
