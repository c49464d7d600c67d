import {
  createSession,
  type SessionActor,
  type SessionEmitted,
  selectStatus,
  selectSubstate,
  selectTab,
} from '@imstate/core';
import { createImServer, type SimulatedSdk } from '@imstate/simulator';
import { createTabs, type TabsOptions } from '@imstate/tabs';
import { createMemoryChannels, createMemoryLocks, type Scheduler } from '@imstate/tabs/testing';
import { expect } from 'vitest';

export const SDK_APP_ID = 1400000001;
const SECRET_KEY = 'tabs-test-secret-key';

/** One SDK call a tab made, with when it started and settled (fake time), and in which order (`…Step`). */
export interface SdkCall {
  tab: string;
  method: 'login' | 'logout';
  userID?: string;
  startedAt: number;
  settledAt?: number;
  /** The order of starts and settlements across the browser, whatever the clock's resolution. */
  startedStep: number;
  settledStep?: number;
  code?: number;
}

/** One page of the browser: a session with `tabs`, its own simulated SDK, its view of the locks and channels. */
export interface Tab {
  name: string;
  session: SessionActor;
  sdk: SimulatedSdk;
  /** What the session emitted, as `online`, `kicked:otherTab`, `loggedOut`… */
  emitted: string[];
  /** `getUserSig` calls, as `alice:relogin`. */
  asked: string[];
  status(): string;
  substate(): string;
  role(): string;
  userID(): string | undefined;
  kickReason(): string | undefined;
  logins(): SdkCall[];
  logouts(): SdkCall[];
  /** The page closes: its session stops (its lock is let go without a goodbye). */
  close(): void;
  /** The page crashes: its locks and channels end before any of its code runs, then its SDK goes. */
  crash(): void;
  /** The page freezes: it keeps its locks, and hears and says nothing. */
  freeze(): void;
}

/**
 * Without `locks` and `channel`, each page gets its own view of in-memory Web Locks and BroadcastChannels. With
 * them, every tab uses those (one origin in one process, like Node's `BroadcastChannel`); `crash()` and `freeze()`
 * then only stop the session or do nothing.
 */
export interface BrowserOptions extends TabsOptions {
  /** When lock grants are delivered (default: microtasks). */
  grants?: Scheduler;
  /** When messages are delivered (default: microtasks). */
  messages?: Scheduler;
  /** The simulated service's latency. */
  latencyMs?: number;
  /** Whether sessions get a `getUserSig` provider (default true). */
  provider?: boolean;
}

/**
 * One browser (one origin): tabs whose sessions share a simulated IM service (one user per web instance: a second
 * web login of a user kicks the first), in-memory Web Locks and BroadcastChannels, and one record of SDK calls.
 */
export function createBrowser(options: BrowserOptions = {}) {
  const { grants, messages, latencyMs = 0, provider = true, ...tabsOptions } = options;
  const server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: SECRET_KEY, latencyMs });
  const locks = createMemoryLocks({ schedule: grants });
  const channels = createMemoryChannels({ schedule: messages });
  const calls: SdkCall[] = [];
  const issued: string[] = [];
  const pages: Tab[] = [];
  const live = new Set<Tab>();
  const pageOf = new Map<
    Tab,
    { locks: ReturnType<typeof locks.tab>; channels: ReturnType<typeof channels.page> }
  >();
  /** Problems found while the tabs ran: a login while another tab had one, a server kick for a second login. */
  const violations: string[] = [];
  let opened = 0;
  let steps = 0;

  const issue = (userID: string) => {
    const userSig = server.issueUserSig(userID, 3600);
    issued.push(userSig);
    return userSig;
  };

  /**
   * Opens a new tab (a page of the same origin); its session is started. `samePage` puts it in that tab's page
   * (T11: two sessions of one page), sharing its lock manager and channels.
   */
  function open(name = `tab${++opened}`, samePage?: Tab): Tab {
    const sdk = server.createClient({ platform: 'web' });
    const page = samePage ? pageOf.get(samePage)! : { locks: locks.tab(), channels: channels.page() };
    const { locks: pageLocks, channels: pageChannels } = page;
    const asked: string[] = [];
    const emitted: string[] = [];
    const record = (call: SdkCall, answer: Promise<{ code: number }>) => {
      calls.push(call);
      return answer.then((result) => {
        call.settledAt = Date.now();
        call.settledStep = ++steps;
        call.code = result.code;
        return result;
      });
    };
    const recorded: SimulatedSdk = Object.assign(Object.create(sdk) as SimulatedSdk, {
      login(params: { userID: string; userSig: string }) {
        for (const other of pages) {
          if (other.sdk === sdk || !live.has(other)) continue;
          if (other.sdk.userID !== undefined || other.logins().some((c) => c.settledAt === undefined))
            violations.push(`${name} called sdk.login while ${other.name} had a login`);
        }
        return record(
          { tab: name, method: 'login', userID: params.userID, startedAt: Date.now(), startedStep: ++steps },
          sdk.login(params),
        );
      },
      logout() {
        return record(
          { tab: name, method: 'logout', startedAt: Date.now(), startedStep: ++steps },
          sdk.logout(),
        );
      },
    });
    const session = createSession({
      sdk: recorded,
      sdkAppID: SDK_APP_ID,
      getUserSig: provider
        ? async (userID, { reason }) => {
            asked.push(`${userID}:${reason}`);
            return issue(userID);
          }
        : undefined,
      tabs: createTabs({ locks: pageLocks, channel: pageChannels.open, ...tabsOptions }),
    });
    for (const type of ['online', 'kicked', 'sigExpired', 'loggedOut', 'error'] as const) {
      session.on(type, (event) => {
        const { reason } = event as Extract<SessionEmitted, { type: 'kicked' }>;
        emitted.push(reason ? `${type}:${reason}` : type);
        if (type === 'kicked' && (reason === 'multipleDevice' || reason === 'multipleAccount'))
          violations.push(`${name} was kicked by the server for another login (${reason})`);
      });
    }
    const snapshot = () => session.getSnapshot();
    const tab: Tab = {
      name,
      session,
      sdk,
      emitted,
      asked,
      status: () => selectStatus(snapshot()),
      substate: () => selectSubstate(snapshot()),
      role: () => selectTab(snapshot()),
      userID: () => snapshot().context.userID,
      kickReason: () => snapshot().context.kickReason,
      logins: () => calls.filter((call) => call.tab === name && call.method === 'login'),
      logouts: () => calls.filter((call) => call.tab === name && call.method === 'logout'),
      close() {
        live.delete(tab);
        session.stop();
      },
      crash() {
        live.delete(tab);
        pageLocks.crash();
        pageChannels.crash();
        session.stop();
      },
      freeze: () => pageChannels.freeze(),
    };
    pages.push(tab);
    pageOf.set(tab, page);
    live.add(tab);
    session.start();
    return tab;
  }

  return {
    server,
    open,
    /** A coordinator over this browser's locks and channels (in memory: a new page's), for sessions a test starts. */
    coordinator: () => createTabs({ locks: locks.tab(), channel: channels.page().open, ...tabsOptions }),
    issue,
    calls,
    violations,
    /** Everything posted between the tabs. */
    posted: channels.posted,
    /** Every UserSig the service issued (to look for on the channel). */
    issued,
    /** Closes every tab still open. */
    closeAll() {
      for (const tab of [...live]) tab.close();
    },
  };
}

export type Browser = ReturnType<typeof createBrowser>;

/** Lets promise chains and zero-delay deliveries run (no fake time passes). */
export async function settle(rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** T3: `tab` asked to log in while `holder` held the login as alice: it stands by, and never called `sdk.login`. */
export function expectStandingBy(tab: Tab, holder: Tab): void {
  expect([holder.status(), holder.role(), holder.emitted]).toEqual(['online', 'active', ['online']]);
  expect([tab.status(), tab.kickReason(), tab.userID(), tab.role()]).toEqual([
    'kicked',
    'otherTab',
    'alice',
    'standby',
  ]);
  expect(tab.emitted).toEqual(['kicked:otherTab']);
  expect(tab.logins()).toEqual([]);
}

/**
 * T4: "use here" in `taker` while `holder` was online as alice: the taker is online as alice, asked for a UserSig to
 * log in again; the holder stands by, kicked with `otherTab`; its logout settled before the taker's login started.
 */
export function expectUsedHere(holder: Tab, taker: Tab): void {
  expect([taker.status(), taker.userID(), taker.role(), taker.asked]).toEqual([
    'online',
    'alice',
    'active',
    ['alice:relogin'],
  ]);
  expect([holder.status(), holder.kickReason(), holder.role()]).toEqual(['kicked', 'otherTab', 'standby']);
  expect(holder.emitted).toEqual(['online', 'kicked:otherTab']);
  const [logout] = holder.logouts();
  const [login] = taker.logins();
  expect(logout!.settledStep).toBeLessThan(login!.startedStep);
}
