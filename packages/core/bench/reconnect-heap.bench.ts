// Heap growth of one online session after 100,000 reconnect callbacks, next to a bare actor given the same events.
import { selectStatus, selectSubstate } from '@imstate/core';
import { createActor } from 'xstate';
import { bareMachine, expectEqual, type Figure, heapAfterGc, onlineSession, report } from './support';

const CALLBACKS = 100_000;
const WARM_UP = 10_000;
const MB = 1024 * 1024;

const { session, listener } = await onlineSession();
const bare = createActor(bareMachine).start();

// One reconnect the way the SDK reports it: online → connecting.reconnecting → connecting.offline → … → online.
const sessionReconnects = (callbacks: number) => {
  for (let i = 0; i < callbacks; i += 4) {
    listener.onConnecting();
    listener.onConnectFailed(2801, 'network unavailable');
    listener.onConnecting();
    listener.onConnectSuccess();
  }
};
const bareReconnects = (callbacks: number) => {
  for (let i = 0; i < callbacks; i += 4) {
    bare.send({ type: 'CONNECTING' });
    bare.send({ type: 'CONNECT_FAILED', code: 2801 });
    bare.send({ type: 'CONNECTING' });
    bare.send({ type: 'CONNECT_SUCCESS' });
  }
};

listener.onConnecting();
listener.onConnectFailed(2801, 'network unavailable');
expectEqual(selectSubstate(session.getSnapshot()), 'connecting.offline', 'session after onConnectFailed');
listener.onConnecting();
listener.onConnectSuccess();
expectEqual(selectStatus(session.getSnapshot()), 'online', 'session after a reconnect');

/** Heap growth over `callbacks` callbacks, after a warm-up (so compiled code is not counted as growth). */
const growth = (run: (callbacks: number) => void) => {
  run(WARM_UP);
  const before = heapAfterGc();
  run(CALLBACKS / 2);
  const half = heapAfterGc();
  run(CALLBACKS / 2);
  const after = heapAfterGc();
  return { half: half - before, full: after - before };
};

const bareGrowth = growth(bareReconnects);
const sessionGrowth = growth(sessionReconnects);
expectEqual(selectStatus(session.getSnapshot()), 'online', 'session after the bench');

const figures: Figure[] = [
  {
    name: `Heap growth of one online session after ${CALLBACKS.toLocaleString('en')} reconnect callbacks`,
    value: sessionGrowth.full / MB,
    unit: 'MB',
    baseline: { name: 'bare six-state XState actor, same events', value: bareGrowth.full / MB },
    goal: 'flat, < 1 MB',
    met: sessionGrowth.full < MB,
  },
];
session.stop();
bare.stop();
report({
  bench: 'reconnect-heap',
  figures,
  raw: {
    'callbacks (onConnecting, onConnectFailed, onConnecting, onConnectSuccess)': CALLBACKS,
    'warm-up callbacks before the first heap reading': WARM_UP,
    'session heap growth after 50,000 callbacks (bytes)': sessionGrowth.half,
    'session heap growth after 100,000 callbacks (bytes)': sessionGrowth.full,
    'bare actor heap growth after 50,000 events (bytes)': bareGrowth.half,
    'bare actor heap growth after 100,000 events (bytes)': bareGrowth.full,
  },
});
