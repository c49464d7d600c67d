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
