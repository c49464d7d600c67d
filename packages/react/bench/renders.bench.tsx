/** @jsxRuntime automatic */
// React renders per status change (goal: exactly 1) and per profile update (goal: 0) for a component that reads
// only the status, against @xstate/react's own useSelector on the same session. Commits are counted with
// <Profiler>, so StrictMode's double render in development counts once, like a real commit.
import './dom';

import { createSession, type SessionActor } from '@imstate/core';
import {
  SessionProvider,
  type SessionSnapshot,
  selectStatus,
  useSession,
  useSessionSelector,
} from '@imstate/react';
import { createImServer } from '@imstate/simulator';
import { useSelector } from '@xstate/react';
import { Profiler, type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { waitFor } from 'xstate';
import { expectEqual, type Figure, report } from './support';

const RECONNECTS = 50;
const PROFILE_UPDATES = 100;
const SDK_APP_ID = 1400000001;
const USER_ID = 'render_bench';

type Counter = 'statusOnly' | 'xstateSelector' | 'useSession';

function StatusOnly() {
  return <p id="status-only">{useSessionSelector(selectStatus)}</p>;
}
/** The baseline: @xstate/react's own selector hook, on the same session. */
function XStateSelector({ session }: { session: SessionActor }) {
  return <p id="xstate-selector">{useSelector(session, selectStatus)}</p>;
}
/** Reads the profile, so it must render on every profile update: proves the counter counts. */
function WholeSession() {
  const { status, selfInfo } = useSession();
  return <p id="use-session">{`${status} ${selfInfo?.nickName ?? ''}`}</p>;
}

async function measure(strict: boolean) {
  // A 1 ms latency delivers each SDK callback in its own task, so React commits between any two of them:
  // a render caused by a substate change is not hidden by batching.
  const server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'bench-only-key', latencyMs: 1 });
  const sdk = server.createClient({ platform: 'web' });
  const session = createSession({ sdk, sdkAppID: SDK_APP_ID, logLevel: 'none' });
  const commits: Record<Counter, number> = { statusOnly: 0, xstateSelector: 0, useSession: 0 };
  const count = (id: string) => {
    commits[id as Counter]++;
  };

  const counted = (id: Counter, child: ReactNode) => (
    <Profiler id={id} onRender={count}>
      {child}
    </Profiler>
  );
  const app = (
    <SessionProvider session={session}>
      {counted('statusOnly', <StatusOnly />)}
      {counted('xstateSelector', <XStateSelector session={session} />)}
      {counted('useSession', <WholeSession />)}
    </SessionProvider>
  );

  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  root.render(strict ? <StrictMode>{app}</StrictMode> : app);
  session.start();
  session.send({ type: 'LOGIN', userID: USER_ID, userSig: server.issueUserSig(USER_ID, 86_400) });
  await waitFor(session, (snapshot) => selectStatus(snapshot) === 'online');
  const shown = (id: string) => container.querySelector(`#${id}`)?.textContent ?? '';
  await until(() => shown('status-only') === 'online');

  // What the session went through, counted from its own snapshots.
  let statusChanges = 0;
  let snapshots = 0;
  let profileChanges = 0;
  let last = session.getSnapshot();
  const subscription = session.subscribe((snapshot: SessionSnapshot) => {
    snapshots++;
    if (selectStatus(snapshot) !== selectStatus(last)) statusChanges++;
    if (snapshot.context.selfInfo !== last.context.selfInfo) profileChanges++;
    last = snapshot;
  });
  const reset = () => {
    statusChanges = snapshots = profileChanges = 0;
    for (const id of Object.keys(commits) as Counter[]) commits[id] = 0;
  };

  // Status: each drop is online → connecting(.reconnecting → .offline); each restore → reconnecting → online.
  reset();
  for (let i = 0; i < RECONNECTS; i++) {
    sdk.network.drop();
    await until(() => shown('status-only') === 'connecting' && last.context.error !== undefined);
    sdk.network.restore();
    await until(() => shown('status-only') === 'online');
  }
  await settle();
  const status = { changes: statusChanges, snapshots, commits: { ...commits } };
  expectEqual(status.changes, RECONNECTS * 2, 'status changes');

  // Profile: each update changes selfInfo and nothing else.
  reset();
  for (let i = 1; i <= PROFILE_UPDATES; i++) {
    server.updateProfile(USER_ID, { nickName: `nick${i}` });
    await until(() => shown('use-session') === `online nick${i}`);
  }
  await settle();
  const profile = { changes: profileChanges, snapshots, statusChanges, commits: { ...commits } };
  expectEqual(profile.changes, PROFILE_UPDATES, 'profile changes');
  expectEqual(profile.statusChanges, 0, 'status changes during profile updates');

  subscription.unsubscribe();
  root.unmount();
  container.remove();
  session.stop();
  return { status, profile };
}

/** Waits (in 1 ms steps, at most 5 s) until `done()`: React and the simulator both work asynchronously. */
async function until(done: () => boolean) {
  for (let waited = 0; !done(); waited++) {
    if (waited > 5000) throw new Error('timed out waiting for the page to catch up');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Lets anything still scheduled run (a late render would be counted). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const figures: Figure[] = [];
const raw: Record<string, number | string> = {};
for (const strict of [false, true]) {
  const mode = strict ? 'StrictMode' : 'no StrictMode';
  const { status, profile } = await measure(strict);
  const perStatus = status.commits.statusOnly / status.changes;
  const perProfile = profile.commits.statusOnly / profile.changes;
  figures.push(
    {
      name: `React renders per status change, useSessionSelector(selectStatus) (${mode})`,
      value: perStatus,
      unit: 'renders',
      baseline: {
        name: '@xstate/react useSelector(session, selectStatus)',
        value: status.commits.xstateSelector / status.changes,
      },
      ratio: perStatus / (status.commits.xstateSelector / status.changes),
      goal: 'exactly 1',
      met: perStatus === 1,
    },
    {
      name: `React renders per profile update, useSessionSelector(selectStatus) (${mode})`,
      value: perProfile,
      unit: 'renders',
      baseline: {
        name: 'useSession() (reads the profile: must render)',
        value: profile.commits.useSession / profile.changes,
      },
      goal: '0',
      met: perProfile === 0,
    },
  );
  Object.assign(raw, {
    [`${mode}: status changes`]: status.changes,
    [`${mode}: session snapshots during those status changes`]: status.snapshots,
    [`${mode}: commits of the useSessionSelector(selectStatus) component`]: status.commits.statusOnly,
    [`${mode}: commits of the @xstate/react useSelector component`]: status.commits.xstateSelector,
    [`${mode}: commits of the useSession() component`]: status.commits.useSession,
    [`${mode}: profile updates`]: profile.changes,
    [`${mode}: commits of the useSessionSelector(selectStatus) component during profile updates`]:
      profile.commits.statusOnly,
    [`${mode}: commits of the @xstate/react useSelector component during profile updates`]:
      profile.commits.xstateSelector,
    [`${mode}: commits of the useSession() component during profile updates`]: profile.commits.useSession,
  });
}
// Closes the DOM's window, so nothing it scheduled keeps the process alive.
await (window as unknown as { happyDOM: { close(): Promise<void> } }).happyDOM.close();
report({ bench: 'renders', figures, raw });
