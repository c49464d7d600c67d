import { inflateSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';
import { describe, expect, it, vi } from 'vitest';
import {
  initialisedClient,
  readLikeTencent,
  SDK_APP_ID,
  SECRET_KEY,
  testServer,
  writeLikeTencent,
} from './support';

// Seconds on a busy machine.
const ABOUT_12000_LOGINS_MS = 60_000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_';

/** Every UserSig that differs from `userSig` in exactly one character of its alphabet. */
function* substitutions(userSig: string) {
  for (let at = 0; at < userSig.length; at += 1) {
    for (const char of ALPHABET) {
      if (char !== userSig[at]) yield userSig.slice(0, at) + char + userSig.slice(at + 1);
    }
  }
}

/** Whether Node's zlib (what tls-sig-api-v2 and the service use) refuses to inflate the UserSig. */
function zlibRefuses(userSig: string): boolean {
  const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  try {
    inflateSync(Buffer.from(base64, 'base64'));
    return false;
  } catch {
    return true;
  }
}

/** A UserSig whose JSON is a valid, correctly signed document padded with `padBytes` more characters. */
function paddedUserSig(padBytes: number) {
  const doc = readLikeTencent(testServer().issueUserSig('alice', 3600));
  // The signature does not cover extra fields: fully inflated, this is a UserSig the service accepts.
  return writeLikeTencent({ ...doc, 'TLS.pad': 'a'.repeat(padBytes) });
}

async function loginCode(userSig: string) {
  const client = initialisedClient(testServer());
  await client.init;
  return (await client.sdk.login({ userID: 'alice', userSig })).code;
}

describe('a UserSig that standard zlib refuses', () => {
  it(
    'is refused with 70003 in every single-character substitution of a tls-sig-api-v2 UserSig',
    async () => {
      const client = initialisedClient(testServer());
      await client.init;
      const accepted: string[] = [];
      let refusedByZlib = 0;
      for (const userSig of substitutions(new Api(SDK_APP_ID, SECRET_KEY).genUserSig('alice', 3600))) {
        if (!zlibRefuses(userSig)) continue;
        refusedByZlib += 1;
        const { code } = await client.sdk.login({ userID: 'alice', userSig });
        if (code !== 70003) accepted.push(`${code} ${userSig}`);
      }
      expect(refusedByZlib).toBeGreaterThan(1000);
      expect(accepted).toEqual([]);
    },
    ABOUT_12000_LOGINS_MS,
  );

  it('is refused with 70003 when only its Adler-32 checksum is wrong', async () => {
    const userSig = testServer().issueUserSig('alice', 3600);
    const bytes = Buffer.from(userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    const corrupt = bytes.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');

    expect(zlibRefuses(corrupt)).toBe(true);
    expect(readLikeTencent(userSig)).toBeDefined();
    expect(await loginCode(corrupt)).toBe(70003);
    expect(await loginCode(userSig)).toBe(0);
  });
});

describe('a decompression bomb', () => {
  it('inflating to 64 MB is refused with 70003 before anything is inflated', async () => {
    const bomb = paddedUserSig(64 * 2 ** 20);
    const atob = vi.spyOn(globalThis, 'atob');

    expect(await loginCode(bomb)).toBe(70003);
    expect(atob).not.toHaveBeenCalled();
  });

  it('is told by its length: more than 8192 characters are refused unread', async () => {
    const atob = vi.spyOn(globalThis, 'atob');

    expect(await loginCode('A'.repeat(8193))).toBe(70003);
    expect(atob).not.toHaveBeenCalled();
    expect(await loginCode('A'.repeat(8192))).toBe(70003);
    expect(atob).toHaveBeenCalledOnce();
  });

  it('short enough to read is refused with 70003 (its inflating stops at 4096 bytes: see zlib.test.ts)', async () => {
    const bomb = paddedUserSig(4 * 2 ** 20);
    expect(bomb.length).toBeLessThanOrEqual(8192);

    expect(await loginCode(bomb)).toBe(70003);
  });

  it('leaves a UserSig whose JSON stays within 4096 bytes alone', async () => {
    const json = (userSig: string) => JSON.stringify(readLikeTencent(userSig)).length;
    const within = paddedUserSig(3_800);
    const past = paddedUserSig(4_000);
    expect(json(within)).toBeLessThanOrEqual(4096);
    expect(json(past)).toBeGreaterThan(4096);

    expect(await loginCode(within)).toBe(0);
    expect(await loginCode(past)).toBe(70003);
  });
});
