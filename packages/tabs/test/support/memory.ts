import { vi } from 'vitest';
import { createBrowser, settle } from './browser';
import { createHarness } from './rules';

/**
 * Lets the in-memory tabs run: with fake timers, a second of fake time; else until every microtask has run, and then,
 * until `holds`, a few real milliseconds at a time.
 */
export async function pass(holds: () => boolean = () => true): Promise<void> {
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(1000);
  for (let round = 0; !vi.isFakeTimers() && round < 200; round++) {
    await settle();
    if (holds()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!holds()) throw new Error('the tabs did not get there');
}

/** The tabs over the in-memory stand-ins, each page with its own view of the lock table and channels. */
export const memory = createHarness({
  createBrowser,
  pass,
  wire: () => memory.browser.posted.map(({ data }) => data),
  freeze: (tab) => tab.freeze(),
  crash: (tab) => tab.crash(),
});
