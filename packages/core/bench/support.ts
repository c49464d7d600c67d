import { writeFileSync } from 'node:fs';
import {
  createSession,
  type ImResult,
  type ImSdk,
  type ImSdkListener,
  type SelfInfo,
  type SessionActor,
  selectStatus,
} from '@imstate/core';
import { assign, setup, waitFor } from 'xstate';

/** One measured figure, next to the baseline measured in the same process. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  /** `value / baseline.value`; left out when the baseline is too close to zero to divide by. */
  ratio?: number;
  goal?: string;
  /** Whether the goal is met; left out when a figure has no goal. */
  met?: boolean;
  /** Below the line the issue calls a defect. */
  defect?: boolean;
}

/** What one bench file reports to `.ci/bench.mjs`. */
export interface BenchReport {
  bench: string;
  figures: Figure[];
  /** Raw measurements, by name. */
  raw: Record<string, number | string>;
}

/** Hands the report to `.ci/bench.mjs` (through the file it names), and prints it for a run on its own. */
export function report(result: BenchReport): void {
  const out = process.env.IMSTATE_BENCH_OUT;
  if (out) writeFileSync(out, JSON.stringify(result));
  console.table(
    result.figures.map(({ name, value, unit, baseline, ratio, goal, met }) => ({
      name,
      value: `${round(value)} ${unit}`,
      baseline: `${baseline.name}: ${round(baseline.value)} ${unit}`,
      ratio: ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
      goal: goal ?? '—',
      met: met === undefined ? '—' : met ? 'yes' : 'NO',
    })),
  );
}

const round = (value: number) => (Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3)));

type BareEvent =
  | { type: 'CONNECTING' }
  | { type: 'CONNECT_SUCCESS' }
  | { type: 'CONNECT_FAILED'; code: number }
  | { type: 'SELF_INFO'; info: SelfInfo };

/**
 * The baseline: a bare XState machine with the session's six top-level states, started in `online`, that
 * takes the same reconnect and profile events and stores what a machine has to store (the profile).
 */
export const bareMachine = setup({
  types: { context: {} as { selfInfo?: SelfInfo }, events: {} as BareEvent },
  actions: {
    updateSelfInfo: assign({
      selfInfo: ({ event, context }) => (event.type === 'SELF_INFO' ? event.info : context.selfInfo),
    }),
  },
}).createMachine({
  id: 'bare',
  context: {},
  initial: 'online',
  states: {
    init: {},
    loggedOut: {},
    connecting: { on: { CONNECT_SUCCESS: 'online', CONNECTING: {}, CONNECT_FAILED: {} } },
    online: { on: { CONNECTING: 'connecting', SELF_INFO: { actions: 'updateSelfInfo' } } },
    kicked: {},
    sigExpired: {},
  },
});

const OK: ImResult = { code: 0, desc: 'ok' };

/**
 * The smallest SDK a session can run on: every call succeeds at once, and the bench drives the listener
 * by hand, so what is measured is the session and nothing else.
 */
export function createHandDrivenSdk(): { sdk: ImSdk; listener: () => ImSdkListener } {
  let listener: ImSdkListener | undefined;
  const sdk: ImSdk = {
    initSDK: async (params) => {
      listener = params.listener;
      return OK;
    },
    unInitSDK: () => {},
    login: async () => OK,
    logout: async () => OK,
  };
  return {
    sdk,
    listener: () => {
      if (!listener) throw new Error('initSDK has not been called');
      return listener;
    },
  };
}

/** A started session, logged in and `online`, with the listener its SDK was given. */
export async function onlineSession(): Promise<{ session: SessionActor; listener: ImSdkListener }> {
  const hand = createHandDrivenSdk();
  const session = createSession({ sdk: hand.sdk, sdkAppID: 1400000001, logLevel: 'none' });
  session.start();
  await waitFor(session, (snapshot) => selectStatus(snapshot) === 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'bench_user', userSig: 'bench-user-sig' });
  await waitFor(session, (snapshot) => selectStatus(snapshot) === 'online');
  return { session, listener: hand.listener() };
}

/** Fails the bench when a step did not do what it is meant to (a bench of a no-op measures nothing). */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

/** Heap in use after a full collection (needs `node --expose-gc`). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}
