import { createSession, type ImSdk } from '@imstate/core';
import { describe, expect, it } from 'vitest';
import { APP_ID, createFakeSdk } from './fake-sdk';

describe('createSession checks the SDK port', () => {
  it.each(['initSDK', 'unInitSDK', 'login', 'logout'] as const)(
    'throws a TypeError naming %s when the sdk lacks it',
    (method) => {
      const sdk: Partial<ImSdk> = { ...createFakeSdk().sdk };
      delete sdk[method];
      expect(() => createSession({ sdk: sdk as ImSdk, sdkAppID: APP_ID })).toThrow(
        expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(method) }),
      );
    },
  );

  it('throws a TypeError that points at options.sdk when there is no sdk at all', () => {
    expect(() => createSession({ sdkAppID: APP_ID } as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('options.sdk') }),
    );
  });
});
