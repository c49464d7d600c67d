// SDK callbacks per second through an online session, against a bare six-state XState machine.
import { type SelfInfo, selectStatus, selectSubstate } from '@imstate/core';
import { Bench } from 'tinybench';
import { assign, createActor, emit, setup } from 'xstate';
import { bareMachine, expectEqual, type Figure, onlineSession, report } from './support';

/** Callbacks per task call: enough to dwarf the timer's own cost. */
const BATCH = 100;
// Short interleaved rounds: on a shared machine, noise only ever slows a round down, so the best round of each
// kind is the closest to what the code can do, and neighbouring rounds see the same load.
const ROUNDS = 5;

/**
 * A control, not the goal's baseline: a bare machine shaped like the session where a reconnect goes
 * (`connecting` with its five substates, `online` with its two entry actions), without the SDK bridge.
 * It tells how much of any gap to the flat baseline is the statechart's shape rather than the session's plumbing.
 */
const shapedMachine = setup({
  types: {
    context: {} as { error?: unknown },
    events: {} as { type: 'CONNECTING' } | { type: 'CONNECT_SUCCESS' },
    emitted: {} as { type: 'online' },
  },
  actions: { clearError: assign({ error: undefined }), announceOnline: emit({ type: 'online' }) },
}).createMachine({
  id: 'shaped',
  context: {},
  initial: 'online',
  states: {
    init: {},
    loggedOut: {},
    connecting: {
      initial: 'loggingIn',
      states: {
        loggingIn: {},
        retrying: {},
        switchingUser: {},
        reconnecting: { on: { CONNECT_SUCCESS: '#shaped.online' } },
        offline: {},
      },
    },
    online: { entry: ['clearError', 'announceOnline'], on: { CONNECTING: 'connecting.reconnecting' } },
    kicked: {},
    sigExpired: {},
  },
});

const { session, listener } = await onlineSession();
const bare = createActor(bareMachine).start();
const shaped = createActor(shapedMachine).start();
// Two profiles, so every update really changes the stored profile.
const profiles: SelfInfo[] = [
  { userID: 'bench_user', nickName: 'Ada' },
  { userID: 'bench_user', nickName: 'Grace' },
];

// A bench of callbacks the session ignores would measure nothing: check each path once.
listener.onConnecting();
expectEqual(selectSubstate(session.getSnapshot()), 'connecting.reconnecting', 'session after onConnecting');
listener.onConnectSuccess();
expectEqual(selectStatus(session.getSnapshot()), 'online', 'session after onConnectSuccess');
listener.onSelfInfoUpdated(profiles[0]!);
// The session keeps a JSON-safe copy of the profile, not the SDK's object.
expectEqual(
  JSON.stringify(session.getSnapshot().context.selfInfo),
  JSON.stringify(profiles[0]),
  'session profile',
);
bare.send({ type: 'CONNECTING' });
expectEqual(bare.getSnapshot().value, 'connecting', 'bare machine after CONNECTING');
bare.send({ type: 'CONNECT_SUCCESS' });
expectEqual(bare.getSnapshot().value, 'online', 'bare machine after CONNECT_SUCCESS');
shaped.send({ type: 'CONNECTING' });
expectEqual(
  JSON.stringify(shaped.getSnapshot().value),
  '{"connecting":"reconnecting"}',
  'same-shape machine',
);
shaped.send({ type: 'CONNECT_SUCCESS' });
expectEqual(shaped.getSnapshot().value, 'online', 'same-shape machine after CONNECT_SUCCESS');

type Kind = 'bare' | 'session' | 'shaped';

const scenarios: Record<string, Partial<Record<Kind, () => void>>> = {
  'reconnect (onConnecting / onConnectSuccess)': {
    session: () => {
      for (let i = 0; i < BATCH; i += 2) {
        listener.onConnecting();
        listener.onConnectSuccess();
      }
    },
    bare: () => {
      for (let i = 0; i < BATCH; i += 2) {
        bare.send({ type: 'CONNECTING' });
        bare.send({ type: 'CONNECT_SUCCESS' });
      }
    },
    shaped: () => {
      for (let i = 0; i < BATCH; i += 2) {
        shaped.send({ type: 'CONNECTING' });
        shaped.send({ type: 'CONNECT_SUCCESS' });
      }
    },
  },
  'profile (onSelfInfoUpdated)': {
    session: () => {
      for (let i = 0; i < BATCH; i++) listener.onSelfInfoUpdated(profiles[i & 1]!);
    },
    bare: () => {
      for (let i = 0; i < BATCH; i++) bare.send({ type: 'SELF_INFO', info: profiles[i & 1]! });
    },
  },
};

// Rounds interleave session and baseline, so a slow patch of the machine hits both alike.
// Timed in this process's CPU time: time spent descheduled on a busy machine is not the code's.
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const bench = new Bench({ time: 300, warmupTime: 100, now: cpuNow });
for (let round = 1; round <= ROUNDS; round++) {
  for (const [scenario, runs] of Object.entries(scenarios)) {
    for (const [kind, run] of Object.entries(runs)) bench.add(`${scenario} | ${kind} | ${round}`, run);
  }
}
await bench.warmup();
await bench.run();

const raw: Record<string, number | string> = {};
/** Callbacks per second in each round. */
const rates = (scenario: string, kind: Kind) =>
  Array.from({ length: ROUNDS }, (_, round) => {
    const result = bench.getTask(`${scenario} | ${kind} | ${round + 1}`)?.result;
    if (!result || result.error) throw result?.error ?? new Error(`no result for ${scenario} ${kind}`);
    return result.hz * BATCH;
  });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const list = (values: number[], digits = 0) => values.map((value) => value.toFixed(digits)).join(', ');

expectEqual(selectStatus(session.getSnapshot()), 'online', 'session after the bench');
const figures: Figure[] = Object.keys(scenarios).map((scenario) => {
  const bareRates = rates(scenario, 'bare');
  const sessionRates = rates(scenario, 'session');
  const bareBest = Math.max(...bareRates);
  const sessionBest = Math.max(...sessionRates);
  const ratio = sessionBest / bareBest;
  const pairRatios = sessionRates.map((rate, round) => rate / bareRates[round]!);
  raw[`${scenario}: bare actor, callbacks/s per round`] = list(bareRates);
  raw[`${scenario}: session, callbacks/s per round`] = list(sessionRates);
  raw[`${scenario}: session ÷ bare, per round`] = list(pairRatios, 2);
  raw[`${scenario}: session ÷ bare, median of rounds`] = Number(median(pairRatios).toFixed(2));
  if (scenarios[scenario]!.shaped) {
    const shapedRates = rates(scenario, 'shaped');
    raw[`${scenario}: control machine of the session's shape, callbacks/s per round`] = list(shapedRates);
    raw[`${scenario}: session ÷ control machine of its shape, median of rounds`] = Number(
      median(sessionRates.map((rate, round) => rate / shapedRates[round]!)).toFixed(2),
    );
  }
  return {
    name: `SDK callbacks/s through an online session: ${scenario}`,
    value: sessionBest,
    unit: 'callbacks/s',
    baseline: { name: 'bare six-state XState actor', value: bareBest },
    ratio,
    goal: '≥ 0.8× (< 0.5× is a defect)',
    met: ratio >= 0.8,
    defect: ratio < 0.5,
  };
});
raw['callbacks per task call'] = BATCH;
session.stop();
bare.stop();
shaped.stop();
report({ bench: 'callbacks', figures, raw });
