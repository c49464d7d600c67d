/** Carries replies and callbacks between the server and its clients, after a fixed latency. */
export interface Link {
  /** Runs `fn` after the latency (in a microtask when it is 0); returns a function that cancels it. */
  later(fn: () => void): () => void;
  /** A promise that resolves with `value` after the latency. */
  reply<T>(value: T): Promise<T>;
}

export function createLink(latencyMs: number): Link {
  const later = (fn: () => void): (() => void) => {
    if (latencyMs > 0) {
      const timer = setTimeout(fn, latencyMs);
      return () => clearTimeout(timer);
    }
    let live = true;
    // A resolved promise, not queueMicrotask: fake timers may replace the latter, never the former.
    void Promise.resolve().then(() => {
      if (live) fn();
    });
    return () => {
      live = false;
    };
  };
  return {
    later,
    reply: (value) =>
      new Promise((resolve) => {
        later(() => resolve(value));
      }),
  };
}
