import { createSession, type SessionAppEvent, selectSubstate, selectTab } from '@imstate/core';
import { createImServer, type SimulatedSdk } from '@imstate/simulator';
import { createTabs } from '@imstate/tabs';

/**
 * One page of the end-to-end test: a session with `tabs` over the browser's own Web Locks and BroadcastChannel.
 * Each page has its own simulated service: the pages coordinate through the browser alone.
 * `window.imstate` lets the test drive the session and read what it did (SDK calls with their times).
 */
interface Call {
  method: 'login' | 'logout';
  startedAt: number;
  settledAt?: number;
}

const server = createImServer({ sdkAppID: 1400000001, secretKey: 'e2e-only-key', latencyMs: 40 });
const client = server.createClient({ platform: 'web' });
const calls: Call[] = [];
const asked: string[] = [];

const record = (method: Call['method'], answer: Promise<{ code: number; desc: string }>) => {
  const call: Call = { method, startedAt: Date.now() };
  calls.push(call);
  return answer.then((result) => {
    call.settledAt = Date.now();
    return result;
  });
};
const sdk: SimulatedSdk = Object.assign(Object.create(client) as SimulatedSdk, {
  login: (params: { userID: string; userSig: string }) => record('login', client.login(params)),
  logout: () => record('logout', client.logout()),
});

const session = createSession({
  sdk,
  sdkAppID: server.sdkAppID,
  getUserSig: async (userID, { reason }) => {
    asked.push(`${userID}:${reason}`);
    return server.issueUserSig(userID, 3600);
  },
  tabs: createTabs({ key: 'e2e' }),
});

const status = document.querySelector('[role="status"]')!;
session.subscribe((snapshot) => {
  const { kickReason } = snapshot.context;
  status.textContent = [selectSubstate(snapshot), selectTab(snapshot), kickReason]
    .filter(Boolean)
    .join(' · ');
});
session.start();

const view = () => {
  const snapshot = session.getSnapshot();
  return {
    state: selectSubstate(snapshot),
    tab: selectTab(snapshot),
    userID: snapshot.context.userID,
    kickReason: snapshot.context.kickReason,
    calls,
    asked,
    hasLocks: 'locks' in navigator,
  };
};

Object.assign(window, { imstate: { send: (event: SessionAppEvent) => session.send(event), view } });
