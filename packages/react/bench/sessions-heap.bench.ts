// Heap per online session with 10,000 sessions online in one process on simulator clients, against a bare
// started actor. Lives in this package's bench because core cannot depend on the simulator (the simulator
// depends on core).
import { createSession, type ImSdkListener, selectStatus } from '@imstate/core';
import { createImServer, type ImServer } from '@imstate/simulator';
import { createActor, waitFor } from 'xstate';
import { bareMachine, expectEqual, type Figure, heapAfterGc, report } from './support';

const SESSIONS = 10_000;
const WARM_UP = 200;
// The simulator's per-login bookkeeping walks every session of its server, so 10,000 logins on one server
// take minutes; 100 servers of 100 clients keep the run short and cost the same per client.
const SERVERS = 100;
const SDK_APP_ID = 1400000001;

const servers: ImServer[] = Array.from({ length: SERVERS }, () =>
  createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'bench-only-key' }),
);
const serverOf = (i: number) => servers[i % SERVERS]!;
const userIDs = Array.from({ length: SESSIONS + WARM_UP }, (_, i) => `user_${i}`);
// Issued up front and held throughout, so no phase is charged for the UserSig strings.
const userSigs = userIDs.map((userID, i) => serverOf(i).issueUserSig(userID, 86_400));
const noop = () => {};
const silentListener: ImSdkListener = {
  onConnecting: noop,
  onConnectSuccess: noop,
  onConnectFailed: noop,
  onKickedOffline: noop,
  onUserSigExpired: noop,
  onSelfInfoUpdated: noop,
};

interface Subject<T> {
  /** Brings item `i` to life (started, logged in). */
  make(i: number): T | Promise<T>;
  /** Waits for what an item still does in the background after `make`, if anything. */
  settle?(item: T): Promise<unknown>;
  release(item: T): void | Promise<void>;
}

const bareActor: Subject<ReturnType<typeof createBare>> = {
  make: createBare,
  release: (actor) => {
    actor.stop();
  },
};
function createBare() {
  return createActor(bareMachine).start();
}

/** A simulator client logged in directly through the port, without a session: what the simulator costs. */
const directClient: Subject<ReturnType<ImServer['createClient']>> = {
  async make(i) {
    const sdk = serverOf(i).createClient({ platform: 'web' });
    await sdk.initSDK({ sdkAppID: SDK_APP_ID, logLevel: 'none', listener: silentListener });
    expectEqual((await sdk.login({ userID: userIDs[i]!, userSig: userSigs[i]! })).code, 0, 'direct login');
    return sdk;
  },
  async release(sdk) {
    await sdk.logout();
    await sdk.unInitSDK();
  },
};

/** A session on its own simulator client, started, logged in and settled. */
const onlineSession: Subject<ReturnType<typeof createSession>> = {
  async make(i) {
    const session = createSession({
      sdk: serverOf(i).createClient(),
      sdkAppID: SDK_APP_ID,
      logLevel: 'none',
    });
    session.start();
    session.send({ type: 'LOGIN', userID: userIDs[i]!, userSig: userSigs[i]! });
    await waitFor(session, (snapshot) => selectStatus(snapshot) === 'online');
    return session;
  },
  // After login the session decodes its UserSig's expiry in the background (DecompressionStream): counted once done.
  settle: (session) => waitFor(session, (snapshot) => snapshot.context.sigExpiresAt !== undefined),
  release: (session) => {
    session.stop();
  },
};

const onlineOnServers = () => servers.reduce((sum, server) => sum + server.sessions().length, 0);

/** Bytes each item of `subject` keeps alive, with `count` of them alive at once (indexes from `from`). */
async function bytesEach<T>(subject: Subject<T>, count: number, from: number) {
  const before = heapAfterGc();
  const items = await Promise.all(Array.from({ length: count }, (_, k) => subject.make(from + k)));
  const unsettled = heapAfterGc();
  if (subject.settle) await Promise.all(items.map((item) => subject.settle!(item)));
  const after = subject.settle ? heapAfterGc() : unsettled;
  const online = onlineOnServers();
  for (const item of items) await subject.release(item);
  return {
    bytes: (after - before) / count,
    unsettledBytes: (unsettled - before) / count,
    online,
    heapUsed: after,
  };
}

// Warm-up: compiled code and first-use caches are not per-session memory.
await bytesEach(bareActor, WARM_UP, SESSIONS);
await bytesEach(directClient, WARM_UP, SESSIONS);
await bytesEach(onlineSession, WARM_UP, SESSIONS);

const bare = await bytesEach(bareActor, SESSIONS, 0);
const clients = await bytesEach(directClient, SESSIONS, 0);
expectEqual(clients.online, SESSIONS, 'simulated clients logged in directly');
const sessions = await bytesEach(onlineSession, SESSIONS, 0);
expectEqual(sessions.online, SESSIONS, 'sessions online on the simulated servers');
expectEqual(onlineOnServers(), 0, 'server sessions left after stopping every session');

// The session's own cost: sessions online on simulator clients, less the same clients logged in without one.
const perSession = sessions.bytes - clients.bytes;
const ratio = perSession / bare.bytes;
const figures: Figure[] = [
  {
    name: `Heap per online session (${SESSIONS.toLocaleString('en')} online on simulator clients, the client's own cost deducted)`,
    value: perSession,
    unit: 'B',
    baseline: { name: 'bare started six-state XState actor', value: bare.bytes },
    ratio,
    goal: '≤ 3×',
    met: ratio <= 3,
  },
];
report({
  bench: 'sessions-heap',
  figures,
  raw: {
    'sessions online at once': SESSIONS,
    'simulated servers (clients spread evenly)': SERVERS,
    'bare started actor (B each)': Math.round(bare.bytes),
    'simulator client logged in directly, no session (B each)': Math.round(clients.bytes),
    'session online on a simulator client, client included (B each)': Math.round(sessions.bytes),
    'session alone: the two above subtracted (B each)': Math.round(perSession),
    'session with its client, measured as soon as online, before its UserSig expiry is decoded (B each, transient)':
      Math.round(sessions.unsettledBytes),
    'session with its client vs bare actor (ratio)': Number((sessions.bytes / bare.bytes).toFixed(2)),
    'heap used with 10,000 sessions online (MB)': Number((sessions.heapUsed / 1024 / 1024).toFixed(1)),
  },
});
