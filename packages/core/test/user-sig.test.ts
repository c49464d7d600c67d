import { decodeUserSig } from '@imstate/core';
import { result } from '@imstate/test-support/scripted-sdk';
import { APP_ID, mintUserSig, packUserSig } from '@imstate/test-support/user-sig';
import { describe, expect, it, vi } from 'vitest';
import { loggedOutSession, onlineSession, settle, useSessionClock } from './support/harness';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Gives a decode the session started the time it needs: decoding the same UserSig here, then a few real ticks. */
async function afterDecoding(userSig: string): Promise<void> {
  await decodeUserSig(userSig);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => realSetTimeout(resolve, 1));
}

const realSetTimeout = globalThis.setTimeout;

/**
 * A valid UserSig of `length` characters (a multiple of 4) whose JSON is small: its zlib stream is stored blocks,
 * most of them empty (deflate allows them; they inflate to nothing), then the JSON, padded to fill the length.
 */
function paddedUserSig(fields: Record<string, unknown>, length: number): string {
  const bytes = (length / 4) * 3;
  const base = JSON.stringify({ ...fields, pad: '' }).length;
  // zlib header (2) + empty blocks (5 each) + the JSON's block (5 + its length) + Adler-32 (4).
  const json = Buffer.from(JSON.stringify({ ...fields, pad: 'x'.repeat((bytes - 11 - base) % 5) }));
  const stored = (final: boolean, data: Buffer) => {
    const head = Buffer.from([final ? 1 : 0, 0, 0, 0, 0]);
    head.writeUInt16LE(data.length, 1);
    head.writeUInt16LE(~data.length & 0xffff, 3);
    return Buffer.concat([head, data]);
  };
  const empties = Array.from({ length: (bytes - 11 - json.length) / 5 }, () =>
    stored(false, Buffer.alloc(0)),
  );
  let a = 1;
  let b = 0;
  for (const byte of json) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  const zlib = Buffer.concat([Buffer.from([0x78, 0x01]), ...empties, stored(true, json), adler]);
  return zlib.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

useSessionClock(NOW);

describe('decodeUserSig', () => {
  it('reads the UserID, SDKAppID and expiry of a real TLSSigAPIv2 UserSig, without the key', async () => {
    const userSig = mintUserSig('alice', 86_400);
    await expect(decodeUserSig(userSig)).resolves.toEqual({
      identifier: 'alice',
      sdkAppID: APP_ID,
      expiresAt: NOW + 86_400_000,
    });
  });

  it('reads a UserSig of another app and a very short lifetime', async () => {
    const userSig = mintUserSig('bob_2', 5, 1400123456);
    await expect(decodeUserSig(userSig)).resolves.toEqual({
      identifier: 'bob_2',
      sdkAppID: 1400123456,
      expiresAt: NOW + 5000,
    });
  });

  it.each([
    ['an arbitrary string', 'sig-alice-1'],
    ['an empty string', ''],
    ['base64 that is not deflated', btoa('{"TLS.time":1,"TLS.expire":2}')],
    ['a truncated UserSig', mintUserSig('alice', 60).slice(0, 40)],
  ])('is undefined for %s', async (_, userSig) => {
    await expect(decodeUserSig(userSig)).resolves.toBeUndefined();
  });

  const fields = { 'TLS.ver': '2.0', 'TLS.identifier': 'alice', 'TLS.sdkappid': APP_ID, 'TLS.expire': 60 };

  it('is undefined for a short UserSig whose JSON inflates past 4 kB (a decompression bomb)', async () => {
    const bomb = packUserSig({ ...fields, 'TLS.time': 1_800_000_000, pad: 'A'.repeat(1 << 20) });
    expect(bomb.length).toBeLessThan(2_000);
    await expect(decodeUserSig(bomb)).resolves.toBeUndefined();
  });

  it('is undefined for a UserSig longer than any real one, without inflating anything', async () => {
    const bomb = packUserSig({ ...fields, 'TLS.time': 1_800_000_000, pad: 'A'.repeat(16 << 20) });
    expect(bomb.length).toBeGreaterThan(8_192);
    const inflate = vi.spyOn(globalThis, 'DecompressionStream');
    await expect(decodeUserSig(bomb)).resolves.toBeUndefined();
    expect(inflate).not.toHaveBeenCalled();
    inflate.mockRestore();
  });

  it('reads a UserSig whose JSON is exactly 4 kB, and refuses one a byte longer', async () => {
    const sized = (bytes: number) => {
      const json = { ...fields, 'TLS.time': 1_800_000_000, pad: '' };
      return packUserSig({ ...json, pad: 'x'.repeat(bytes - JSON.stringify(json).length) });
    };
    await expect(decodeUserSig(sized(4096))).resolves.toMatchObject({ expiresAt: 1_800_000_060_000 });
    await expect(decodeUserSig(sized(4097))).resolves.toBeUndefined();
  });

  it('reads a UserSig of exactly 8192 characters, twice the JSON limit', async () => {
    const userSig = paddedUserSig({ ...fields, 'TLS.time': 1_800_000_000 }, 8192);
    expect(userSig).toHaveLength(8192);
    await expect(decodeUserSig(userSig)).resolves.toMatchObject({ expiresAt: 1_800_000_060_000 });
    const longer = paddedUserSig({ ...fields, 'TLS.time': 1_800_000_000 }, 8196);
    await expect(decodeUserSig(longer)).resolves.toBeUndefined();
  });

  it('still reads a UserSig whose JSON is near 4 kB', async () => {
    const large = packUserSig({ ...fields, 'TLS.time': 1_800_000_000, 'TLS.userbuf': 'x'.repeat(3_500) });
    await expect(decodeUserSig(large)).resolves.toMatchObject({
      identifier: 'alice',
      expiresAt: 1_800_000_060_000,
    });
  });
});

describe('context.sigExpiresAt', () => {
  it('is the decoded expiry of the UserSig the session logged in with', async () => {
    const h = await onlineSession({}, { userSig: mintUserSig('alice', 3600) });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBe(NOW + 3_600_000));
  });

  it('is read by a child that is let go once done: the session keeps no finished actor', async () => {
    const h = await onlineSession({}, { userSig: mintUserSig('alice', 3600) });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBe(NOW + 3_600_000));
    expect(Object.keys(h.session.getSnapshot().children)).toEqual(['sdk']);
  });

  it('is undefined when the UserSig cannot be decoded', async () => {
    const h = await onlineSession({}, { userSig: 'not-a-tls-sig' });
    await afterDecoding('not-a-tls-sig');
    expect(h.context().sigExpiresAt).toBeUndefined();
  });

  it('follows the UserSig that getUserSig hands out on refresh', async () => {
    const fresh = mintUserSig('alice', 7200);
    const h = await onlineSession({ getUserSig: async () => fresh }, { userSig: mintUserSig('alice', 60) });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBe(NOW + 60_000));
    h.fake.listener.onUserSigExpired();
    await settle();
    expect(h.status()).toBe('online');
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeGreaterThan(NOW + 3_600_000));
  });

  it('is the moment the server said the held UserSig expired', async () => {
    const h = await onlineSession({}, { userSig: 'not-a-tls-sig' });
    await afterDecoding('not-a-tls-sig');
    vi.setSystemTime(NOW + 5000);
    h.fake.listener.onUserSigExpired();
    expect(h.context().sigExpiresAt).toBe(NOW + 5000);
  });

  it('stays the moment of the refusal when the UserSig is refused before its expiry was read', async () => {
    const h = await loggedOutSession();
    const userSig = mintUserSig('alice', 3600);
    h.fake.script.login.push(result(70001, 'expired'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await settle();
    expect(h.substate()).toBe('sigExpired.waiting');
    await afterDecoding(userSig);
    expect(h.context().sigExpiresAt).toBe(NOW);
  });

  it('is the moment of the refusal for a LOGIN with a UserSig the server refused before', async () => {
    const h = await loggedOutSession();
    const userSig = mintUserSig('alice', 3600);
    h.fake.script.login.push(result(70001, 'expired'));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await settle();
    vi.setSystemTime(NOW + 5000);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await settle();
    await afterDecoding(userSig);
    expect(h.context().sigExpiresAt).toBe(NOW + 5000);
  });

  it('is cleared by LOGOUT', async () => {
    const h = await onlineSession({}, { userSig: mintUserSig('alice', 3600) });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.session.send({ type: 'LOGOUT' });
    expect(h.context().sigExpiresAt).toBeUndefined();
  });

  it('does not carry over to a new LOGIN with an undecodable UserSig', async () => {
    const h = await onlineSession({}, { userSig: mintUserSig('alice', 3600) });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBeDefined());
    h.fake.listener.onKickedOffline('multipleDevice');
    h.session.send({ type: 'LOGIN', userID: 'bob', userSig: 'opaque-sig' });
    await settle();
    await afterDecoding('opaque-sig');
    expect(h.status()).toBe('online');
    expect(h.context().sigExpiresAt).toBeUndefined();
  });

  it('a UserSig that decodes only after LOGOUT is not recorded', async () => {
    const h = await loggedOutSession();
    const userSig = mintUserSig('alice', 3600);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig });
    h.session.send({ type: 'LOGOUT' });
    await afterDecoding(userSig);
    expect(h.context().sigExpiresAt).toBeUndefined();
  });
});

describe('decodeUserSig', () => {
  it('reads the expiry of a well-formed UserSig', async () => {
    const info = await decodeUserSig(
      packUserSig({
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
    expect(await decodeUserSig(packUserSig(json))).toBeUndefined();
  });
});
