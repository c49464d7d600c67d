import { decodeUserSig } from '@imstate/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ID, loggedOutSession, mintUserSig, onlineSession, settle, stopAllSessions } from './fake-sdk';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const realSetTimeout = globalThis.setTimeout;

/** Gives a decode the session started the time it needs: decoding the same UserSig here, then a few real ticks. */
async function afterDecoding(userSig: string): Promise<void> {
  await decodeUserSig(userSig);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => realSetTimeout(resolve, 1));
}

describe('decodeUserSig', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

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
});

describe('context.sigExpiresAt', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    stopAllSessions();
    vi.useRealTimers();
  });

  it('is the decoded expiry of the UserSig the session logged in with', async () => {
    const h = await onlineSession({}, { userSig: mintUserSig('alice', 3600) });
    await vi.waitFor(() => expect(h.context().sigExpiresAt).toBe(NOW + 3_600_000));
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
