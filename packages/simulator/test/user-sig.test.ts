import { Api } from 'tls-sig-api-v2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readLikeTencent, SDK_APP_ID, SECRET_KEY, tencentSignature, testServer } from './support';

afterEach(() => {
  vi.useRealTimers();
});

describe('issueUserSig', () => {
  it('mints a UserSig whose signature verifies with the tls-sig-api-v2 algorithm', () => {
    const userSig = testServer().issueUserSig('alice', 3600);
    const doc = readLikeTencent(userSig);

    expect(doc['TLS.identifier']).toBe('alice');
    expect(doc['TLS.sdkappid']).toBe(SDK_APP_ID);
    expect(doc['TLS.expire']).toBe(3600);
    expect(doc['TLS.sig']).toBe(tencentSignature(SECRET_KEY, doc));
    expect(doc['TLS.sig']).not.toBe(tencentSignature(`${SECRET_KEY}-other`, doc));
  });

  it('writes the same document as tls-sig-api-v2 at the same moment', () => {
    vi.useFakeTimers({ now: new Date('2030-01-02T03:04:05.678Z') });
    const ours = testServer().issueUserSig('user_01-x', 86400);
    const theirs = new Api(SDK_APP_ID, SECRET_KEY).genUserSig('user_01-x', 86400);

    // Field for field and in the same order.
    expect(JSON.stringify(readLikeTencent(ours))).toBe(JSON.stringify(readLikeTencent(theirs)));
    expect(ours).toMatch(/^[A-Za-z0-9*_-]+$/);
  });

  it('keeps the base64 padding, written as `_`, as tls-sig-api-v2 does', () => {
    vi.useFakeTimers({ now: new Date('2030-01-02T03:04:05.678Z') });
    const server = testServer();
    const api = new Api(SDK_APP_ID, SECRET_KEY);
    const userSigs = ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef'].flatMap((userID) => [
      server.issueUserSig(userID, 60),
      api.genUserSig(userID, 60),
    ]);

    expect(userSigs.filter((userSig) => userSig.endsWith('_')).length).toBeGreaterThan(0);
    for (const userSig of userSigs) expect(userSig.length % 4).toBe(0);
  });

  it('stamps UserSigs with the server clock, including time moved by advanceTime', () => {
    const server = testServer({ now: () => 1_700_000_000_000 });
    server.advanceTime(86_400_000);
    const doc = readLikeTencent(server.issueUserSig('alice', 60));

    expect(doc['TLS.time']).toBe(1_700_086_400);
  });

  it('defaults to 180 days and refuses an expiry that is not a whole number of seconds', () => {
    const server = testServer();
    const doc = readLikeTencent(server.issueUserSig('alice'));

    expect(doc['TLS.expire']).toBe(180 * 86400);
    expect(() => server.issueUserSig('alice', 1.5)).toThrow(RangeError);
    expect(() => server.issueUserSig('alice', Number.NaN)).toThrow(RangeError);
  });
});
