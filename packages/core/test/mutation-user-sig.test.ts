import { decodeUserSig } from '@imstate/core';
import { describe, expect, it } from 'vitest';
import { pack } from './fake-sdk';

describe('decodeUserSig', () => {
  it('reads the expiry of a well-formed UserSig', async () => {
    const info = await decodeUserSig(
      pack({
        'TLS.identifier': 'alice',
        'TLS.sdkappid': 1400000001,
        'TLS.time': 1_800_000_000,
        'TLS.expire': 60,
      }),
    );
    expect(info).toStrictEqual({ identifier: 'alice', sdkAppID: 1400000001, expiresAt: 1_800_000_060_000 });
  });

  it.each([
    ['no TLS.time', { 'TLS.identifier': 'alice', 'TLS.expire': 60 }],
    ['no TLS.expire', { 'TLS.identifier': 'alice', 'TLS.time': 1_800_000_000 }],
    ['a TLS.expire that is not a number', { 'TLS.time': 1_800_000_000, 'TLS.expire': 'soon' }],
  ])('is undefined for a UserSig with %s: its expiry is unknown', async (_, json) => {
    expect(await decodeUserSig(pack(json))).toBeUndefined();
  });
});
