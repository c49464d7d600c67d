import type { ImResult, ImSdk, ImSdkListener, SessionOptions } from '@imstate/core';
import { Fragment, StrictMode } from 'react';
import { vi } from 'vitest';

const ok: ImResult = { code: 0, desc: '' };

/**
 * A scripted SDK: every call succeeds unless a test queues another answer (`mockResolvedValueOnce`),
 * and `listener()` gives the test the session's listener, to play the server's side.
 */
export function createFakeSdk() {
  let listener: ImSdkListener | undefined;
  const sdk = {
    initSDK: vi.fn<ImSdk['initSDK']>(async (params) => {
      listener = params.listener;
      return ok;
    }),
    unInitSDK: vi.fn<ImSdk['unInitSDK']>(),
    login: vi.fn<ImSdk['login']>(async () => ok),
    logout: vi.fn<ImSdk['logout']>(async () => ok),
  } satisfies ImSdk;
  return {
    sdk,
    options: { sdk, sdkAppID: 1400000001 } satisfies SessionOptions,
    listener(): ImSdkListener {
      if (!listener) throw new Error('initSDK has not been called');
      return listener;
    },
  };
}

/** Every React suite runs twice: inside <StrictMode> (dev double effects) and without it. */
export const modes = [
  ['StrictMode', StrictMode],
  ['plain', Fragment],
] as const;
