/** The server clock: the injected wall clock plus an offset, with alarms that fire when it reaches a moment. */
export interface ServerClock {
  /** The server time, in ms. */
  now(): number;
  /** Moves the clock forward and fires every alarm that fell due, earliest first. */
  advance(ms: number): void;
  /** Fires every alarm that is already due (the wall clock may move without a timer firing). */
  check(): void;
  /** Calls `onDue` once the clock reaches `at`; returns a function that cancels the alarm. */
  alarm(at: number, onDue: () => void): () => void;
}

interface Alarm {
  at: number;
  onDue: () => void;
  timer?: ReturnType<typeof setTimeout>;
  armedAt: number;
}

// setTimeout fires at once for delays above 2^31 - 1 ms, so long alarms are armed in steps.
export const MAX_DELAY_MS = 2 ** 31 - 1;
// The latest time a Date can hold (year 275760): the server clock stays within it, so UserSig times stay exact.
export const MAX_TIME_MS = 8.64e15;

export function createServerClock(wallClock: () => number): ServerClock {
  let offset = 0;
  const alarms = new Set<Alarm>();
  const now = () => {
    const wall = wallClock();
    // A NaN or far-off clock would otherwise only show as UserSigs that no login accepts (70003).
    if (typeof wall !== 'number' || !(Math.abs(wall) <= MAX_TIME_MS)) {
      throw new TypeError(
        'createImServer: now must return ms since the epoch (a finite number within the range of Date)',
      );
    }
    return wall + offset;
  };

  const disarm = (alarm: Alarm) => {
    clearTimeout(alarm.timer);
    alarm.timer = undefined;
  };
  const arm = (alarm: Alarm) => {
    disarm(alarm);
    alarm.armedAt = now();
    alarm.timer = setTimeout(
      () => onTimer(alarm),
      Math.min(Math.max(alarm.at - alarm.armedAt, 0), MAX_DELAY_MS),
    );
  };
  const onTimer = (alarm: Alarm) => {
    alarm.timer = undefined;
    if (now() >= alarm.at) {
      alarms.delete(alarm);
      alarm.onDue();
    } else if (now() > alarm.armedAt) {
      arm(alarm);
    }
    // Otherwise the injected clock stands still: the alarm waits for advance() or check().
  };
  const check = () => {
    const due = [...alarms].filter((alarm) => now() >= alarm.at).sort((a, b) => a.at - b.at);
    for (const alarm of due) {
      if (!alarms.delete(alarm)) continue;
      disarm(alarm);
      alarm.onDue();
    }
  };

  return {
    now,
    check,
    advance(ms) {
      offset += ms;
      check();
      for (const alarm of alarms) arm(alarm);
    },
    alarm(at, onDue) {
      const alarm: Alarm = { at, onDue, armedAt: 0 };
      alarms.add(alarm);
      arm(alarm);
      return () => {
        alarms.delete(alarm);
        disarm(alarm);
      };
    },
  };
}
