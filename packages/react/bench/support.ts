import { writeFileSync } from 'node:fs';
import { setup } from 'xstate';

/** One measured figure, next to the baseline measured in the same process (same shape as core's bench). */
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
      value: `${Number(value.toPrecision(4))} ${unit}`,
      baseline: `${baseline.name}: ${Number(baseline.value.toPrecision(4))} ${unit}`,
      ratio: ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
      goal: goal ?? '—',
      met: met === undefined ? '—' : met ? 'yes' : 'NO',
    })),
  );
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

/** The baseline actor: a bare XState machine with the session's six top-level states, started in `online`. */
export const bareMachine = setup({
  types: { events: {} as { type: 'CONNECTING' } | { type: 'CONNECT_SUCCESS' } },
}).createMachine({
  id: 'bare',
  initial: 'online',
  states: {
    init: {},
    loggedOut: {},
    connecting: { on: { CONNECT_SUCCESS: 'online' } },
    online: { on: { CONNECTING: 'connecting' } },
    kicked: {},
    sigExpired: {},
  },
});
