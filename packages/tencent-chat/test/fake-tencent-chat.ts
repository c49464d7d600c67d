import TencentCloudChat, { type Profile } from '@tencentcloud/chat';
import { vi } from 'vitest';
import type {
  TencentChatEvent,
  TencentChatInstance,
  TencentCloudChatModule,
} from '../src/tencent-chat.types';

type Handler = (event: TencentChatEvent<unknown>) => void;

/** A login the test answers by hand. */
interface PendingLogin {
  resolve(): void;
  reject(error: unknown): void;
}

const { EVENT, TYPES } = TencentCloudChat;
const isFilledString = (value: unknown) => typeof value === 'string' && value !== '';

/**
 * A scripted stand-in for the `@tencentcloud/chat` module, with the real module's EVENT / TYPES constants
 * and the payload shapes 3.6.6 emits (`{ name, data }`; KICKED_OUT then SDK_NOT_READY; login before SDK_READY), and its
 * answers: a login while logged in is a repeated login, whoever it names; a logout while nobody is, 2024.
 */
export function createFakeTencentChat() {
  const handlers = new Map<string, Set<Handler>>();
  const logins: PendingLogin[] = [];
  /** Whom the SDK is logged in as: from a login's success until a logout, kick or destroy (3.6.6's `isLoggedIn`). */
  let loggedInAs: string | undefined;
  /** When set, every login resolves and SDK_READY follows a tick later, as with a reachable service. */
  let autoReady = false;

  const emit = (name: string, data?: unknown) => {
    for (const handler of [...(handlers.get(name) ?? [])]) handler({ name, data });
  };
  const becomeReady = () => emit(EVENT.SDK_READY);
  const becomeNotReady = () => emit(EVENT.SDK_NOT_READY);

  const chat = {
    login: vi.fn(({ userID, userSig }: { userID: string; userSig: string }) => {
      // As 3.6.6: a userID or userSig that is not a non-empty string throws at once; a login while logged in
      // succeeds at once as a repeated login, whatever its userID, and leaves the SDK logged in as it was; a login
      // while an earlier one is still pending is refused with 2025 (repeated login).
      if (!isFilledString(userID) || !isFilledString(userSig)) throw new Error('Params validate failed.');
      if (loggedInAs !== undefined)
        return Promise.resolve({ data: { actionStatus: 'OK', repeatLogin: true } });
      if (logins.length > 0) return Promise.reject(Object.assign(new Error(''), { code: 2025 }));
      return new Promise<unknown>((resolve, reject) => {
        const succeed = () => {
          loggedInAs = userID;
          resolve({ data: { actionStatus: 'OK' } });
        };
        if (autoReady) {
          succeed();
          setTimeout(becomeReady, 0);
          return;
        }
        logins.push({ resolve: succeed, reject });
      });
    }),
    // As 3.6.6: nobody logged in (a login still pending counts as nobody) → 2024; else SDK_NOT_READY.
    logout: vi.fn(async () => {
      if (loggedInAs === undefined) throw Object.assign(new Error(''), { code: 2024 });
      loggedInAs = undefined;
      becomeNotReady();
    }),
    destroy: vi.fn(async () => {
      if (loggedInAs === undefined) throw Object.assign(new Error(''), { code: 2024 });
      loggedInAs = undefined;
      becomeNotReady();
    }),
    setLogLevel: vi.fn((_level: number) => {}),
    on: vi.fn((name: string, handler: Handler) => {
      handlers.set(name, (handlers.get(name) ?? new Set()).add(handler));
    }),
    off: vi.fn((name: string, handler: Handler) => {
      handlers.get(name)?.delete(handler);
    }),
  } satisfies TencentChatInstance;

  const module = {
    create: vi.fn(
      (_options: { SDKAppID: number; [option: string]: unknown }): TencentChatInstance | null => chat,
    ),
    EVENT,
    TYPES,
  } satisfies TencentCloudChatModule;

  return {
    module,
    chat,
    /** How many handlers are subscribed, over all events. */
    subscriptionCount: () => [...handlers.values()].reduce((sum, set) => sum + set.size, 0),
    /** The oldest login still waiting for an answer. */
    nextLogin: () => {
      const login = logins.shift();
      if (!login) throw new Error('no login is waiting');
      return login;
    },
    /** Whom the SDK is logged in as now (`chat.getLoginUser()`), `undefined` for nobody. */
    loggedInAs: () => loggedInAs,
    autoReady: () => {
      autoReady = true;
    },
    becomeReady,
    netState: (state: string) => emit(EVENT.NET_STATE_CHANGE, { state }),
    /** As 3.6.6 does: logout(1), then KICKED_OUT {type}, then reset() → SDK_NOT_READY. */
    kick: (type: string) => {
      loggedInAs = undefined;
      emit(EVENT.KICKED_OUT, { type });
      emit(EVENT.SDK_NOT_READY);
    },
    profiles: (profiles: Partial<Profile>[]) => emit(EVENT.PROFILE_UPDATED, profiles),
    emit,
    /** Hands `event` itself (not `{ name, data }`) to every handler of `name`, as a misbehaving SDK might. */
    emitRaw: (name: string, event: unknown) => {
      for (const handler of [...(handlers.get(name) ?? [])]) handler(event as TencentChatEvent<unknown>);
    },
  };
}

export type FakeTencentChat = ReturnType<typeof createFakeTencentChat>;

export { EVENT, TYPES };
