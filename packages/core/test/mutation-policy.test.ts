import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loggedOutSession, stopAllSessions } from './fake-sdk';

// docs/core.md ("RetryPolicy"): a number that is not finite or out of range falls back to the default instead of
// disabling the bound.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  stopAllSessions();
  vi.useRealTimers();
});

const HOUR = 3_600_000;
const transient = { code: 2801, desc: 'network unreachable' };

describe('a delay longer than a platform timer can run (2^31−1 ms)', () => {
  it('as loginTimeoutMs is capped there, so logins are not timed out at once', async () => {
    const h = await loggedOutSession({ loginTimeoutMs: 1e12 });
    h.fake.script.login.push('pending');
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('connecting.loggingIn');
    h.fake.logins[0]!.resolve({ code: 0, desc: 'ok' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.status()).toBe('online');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
  });

  it('as a retry delay is capped there, so retries do not come back to back', async () => {
    const h = await loggedOutSession({ retry: { baseDelayMs: 1e12, maxDelayMs: 1e12 } });
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    h.fake.script.login.push(transient);
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.substate()).toBe('connecting.retrying');
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(1);
    expect(h.context().retryDelayMs).toBe(Math.floor(0.99 * (2 ** 31 - 1)));
  });
});

describe('an out-of-range retry.maxAttempts', () => {
  it.each([0, -3, 0.5])('%s falls back to the default of 5 logins per episode', async (maxAttempts) => {
    const h = await loggedOutSession({ retry: { maxAttempts, baseDelayMs: 10, maxDelayMs: 10 } });
    h.fake.script.login.push(...Array.from({ length: 10 }, () => transient));
    h.session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(h.fake.sdk.login).toHaveBeenCalledTimes(5);
    expect(h.status()).toBe('loggedOut');
  });
});
