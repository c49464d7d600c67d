import { fail, settle, TIMED_OUT, within } from './session.calls';
import { sessionError } from './session.policy';
import type { LogEntry, SessionError, UserSigProvider, UserSigReason } from './session.types';
import { isUsableUserSig } from './session.validation';
import { decodeUserSig } from './user-sig';

/** How many of the last UserSigs are still cut out of SDK and provider texts. */
const SECRETS_KEPT = 8;

/** What the keeper needs of its session. */
export interface KeeperSettings {
  getUserSig: UserSigProvider | undefined;
  timeout: number;
  log(level: LogEntry['level'], message: string, data?: unknown): void;
}

/**
 * The one place a session's UserSig lives (R16): never in context, events, actor inputs or outputs, so no snapshot
 * or inspection event can carry it. The statechart decides which UserSig a login uses; the keeper holds it, asks
 * the app for a new one, remembers which ones the server refused as expired, and cuts them out of any text.
 */
export function createUserSigKeeper({ getUserSig, timeout, log }: KeeperSettings) {
  let held: string | undefined;
  /** Whether the app gave a UserSig the statechart has not noted yet. */
  let fetched = false;
  /** The UserSigs the server said expired: never used again, also when the app's provider hands one back. */
  const expired = new Set<string>();
  /**
   * The last UserSigs held (a few), only to cut them out of any text an SDK or provider sends back, also once they
   * are no longer held: a logout's error, the next user's login or a provider may still echo one. Never used to log
   * in; cleared when the session stops.
   */
  const secrets = new Set<string>();

  // Our own code never puts a UserSig in a message; an SDK or provider might echo one back: cut it out.
  const redact = (error: SessionError) => {
    for (const secret of secrets) error.message = error.message.replaceAll(secret, '[redacted]');
    return error;
  };

  const hold = (candidate: string | undefined) => {
    held = isUsableUserSig(candidate) ? candidate : undefined;
    if (!held) return;
    secrets.delete(held);
    secrets.add(held);
    if (secrets.size > SECRETS_KEPT) secrets.delete(secrets.values().next().value!);
  };

  /** Why the provider's answer cannot be used, or `undefined` when it can. */
  const problemWith = (answer: { value?: unknown; error?: SessionError } | typeof TIMED_OUT) => {
    if (answer === TIMED_OUT) return 'timed out';
    if (answer.error) return `failed: ${answer.error.message}`;
    if (!isUsableUserSig(answer.value)) return 'returned a blank UserSig';
    if (expired.has(answer.value)) return 'returned the expired UserSig';
  };

  return {
    /** The UserSig the next login uses. */
    get held() {
      return held;
    },
    hold,
    /** Whether the server refused `userSig` as expired before. */
    refused: (userSig: string | undefined) => expired.has(userSig!),
    /** The server said the held UserSig expired: it is never used again. */
    markExpired() {
      if (held) expired.add(held);
    },
    /** Another user, or a session that ended: nothing is held, nothing is remembered as expired. */
    forget() {
      held = undefined;
      expired.clear();
    },
    redact,
    /** When the held UserSig expires (ms since epoch), read without the key; asked only while one is held. */
    async expiresAt(): Promise<number | undefined> {
      return (await decodeUserSig(held!))?.expiresAt;
    },

    /**
     * Asks `getUserSig` for a UserSig (bounded by the timeout and `signal`) and holds it; rejects with a step failure
     * (`transient`) when the provider fails, answers blank or with a UserSig the server called expired. Asked only when
     * the app gave a provider (the statechart checks).
     */
    async ask(userID: string, reason: UserSigReason, signal: AbortSignal): Promise<void> {
      const controller = new AbortController();
      signal.addEventListener('abort', () => controller.abort());
      log('debug', 'getUserSig', { userID, reason });
      const answer = await within(
        settle(() => getUserSig!(userID, { reason, signal: controller.signal }), redact),
        timeout,
        signal,
      );
      controller.abort();
      const problem = problemWith(answer);
      if (problem) {
        return fail(
          sessionError('USER_SIG_PROVIDER_FAILED', `getUserSig ${problem}`, 'provider'),
          'transient',
        );
      }
      hold((answer as { value: string }).value);
      fetched = true;
    },

    /** Whether the app gave a UserSig since the statechart last asked (it notes it, so asks once). */
    takeFetched() {
      const was = fetched;
      fetched = false;
      return was;
    },

    /** Forgets every UserSig, when the session stops. */
    clear() {
      held = undefined;
      expired.clear();
      secrets.clear();
    },
  };
}

export type UserSigKeeper = ReturnType<typeof createUserSigKeeper>;
