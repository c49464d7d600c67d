/** Runs `fn` once the current task's synchronous work is done. A resolved promise, not queueMicrotask: fake timers
 * may replace the latter, never the former. */
export const afterThisTick = (fn: () => void): void => void Promise.resolve().then(fn);
