import { createSession, LogLevel } from '@imstate/core';
import { createMemorySdk } from './memory-sdk';

const { sdk } = createMemorySdk();

// Every option spelled out, with its default where it has one.
export const session = createSession({
  sdk,
  sdkAppID: 1400000001,
  logLevel: LogLevel.WARN,
  sdkLogLevel: LogLevel.WARN, // the SDK's own log level; defaults to logLevel
  // Your backend signs UserSigs with the app's secret key, which never ships to clients.
  getUserSig: async (userID, { reason, signal }) => {
    const query = new URLSearchParams({ userID, reason });
    const response = await fetch(`/api/usersig?${query}`, { signal });
    if (!response.ok) throw new Error(`the UserSig endpoint answered ${response.status}`);
    return response.text();
  },
  loginTimeoutMs: 15_000,
  retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 },
  sigRetry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 30_000 },
  logger: ({ level, message, data }) => console[level](`[imstate] ${message}`, data ?? ''),
});
