import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Fake timers for every test of the calling file: on before each test (at `now`, when given), off after it, once
 * `cleanUp` (e.g. stopping the sessions the test made) has run under the fake clock.
 */
export function useFakeTimers(options: { now?: number | Date; cleanUp?: () => void } = {}): void {
  beforeEach(() => {
    vi.useFakeTimers(options.now === undefined ? undefined : { now: options.now });
  });
  afterEach(() => {
    options.cleanUp?.();
    vi.useRealTimers();
  });
}
