import type { KickReason, TabCommand, TabCoordinator, TabEvent, TabRole } from '@imstate/core';

/** How the tabs of one app coordinate. */
export interface TabsOptions {
  /** Tabs with the same key (on one origin) coordinate. Default `'imstate'`. */
  key?: string;
  /** The Web Locks manager. Default `navigator.locks`. */
  locks?: LockManager;
  /**
   * Opens a channel to the other tabs. Default `(name) => new BroadcastChannel(name)`. Called twice per session: each
   * call must return a new channel object (one posts, the other hears every message, this tab's own included).
   */
  channel?: (name: string) => BroadcastChannel;
  /** How long a tab holding the login may take to let go before a tab taking over steals it. Default 3000. */
  takeoverTimeoutMs?: number;
  /** Whether a tab standing by takes the login over by itself when the holding tab goes away. Default `true`. */
  autoTakeOver?: boolean;
}

/**
 * What tabs tell each other, besides `from`: tab ids, user IDs and kick reasons, never a credential (T8).
 * - `who`: which tab holds the login? `holds`: this one, as `user`.
 * - `takeOver`: let the sender have the login ("use here"), as `user`; `at`: when its user asked (a later ask wins).
 * - `yield`: the sender let go for tab `to`, which logs in as `user`.
 * - `end`: the login ended: logged out everywhere (no `reason`) or kicked by the server.
 * - `sync`: the sender's own marker: every message posted before it has arrived (see `sync()`).
 */
interface Message {
  t: 'who' | 'end' | 'takeOver' | 'holds' | 'yield' | 'sync';
  user?: string;
  reason?: KickReason;
  to?: number;
  at?: number;
}

/** What this tab is after: the login now, the login from the tab holding it, or the login once that tab is gone. */
interface Want {
  kind: 'claim' | 'takeOver' | 'standBy';
  user?: string;
  stop: AbortController;
  timer?: ReturnType<typeof setTimeout>;
  /** When the user asked to take over (the time a later ask by another tab is compared with). */
  at?: number;
  /** The lock was granted and this tab is deciding (a takeover then never steals). */
  granted?: boolean;
  /** `standBy` was granted while another tab was taking over, and gave that tab its turn. */
  deferred?: object;
}

/** A lock this tab was granted: `release` lets it go; `leaving` while the SDK settles; `lost` once stolen. */
interface Hold {
  release(): void;
  leaving?: boolean;
  lost?: boolean;
}

/**
 * One IM login per browser: the sessions of an app's tabs (same origin, same `key`) agree over Web Locks and
 * BroadcastChannel that one of them holds the login. Pass the result as `createSession({ tabs })`; one coordinator
 * may serve several sessions (each joins as a tab of its own).
 *
 * Never throws: where Web Locks or BroadcastChannel is missing or unusable (SSR, old browsers, an opaque origin) each
 * session acts alone and logs one warning (T9). Like the session's own limits, an option out of range or of another
 * type falls back to its default.
 */
export function createTabs(options: TabsOptions = {}): TabCoordinator {
  const { key, locks, channel, takeoverTimeoutMs: timeout } = options;
  // A number from 0 to the timer cap (not a string, null or a boolean, which compare as numbers), else the default.
  const takeoverTimeoutMs = typeof timeout === 'number' && timeout >= 0 && timeout < 2 ** 31 ? timeout : 3000;
  const autoTakeOver = options.autoTakeOver !== false;
  return {
    autoTakeOver,
    join(report, settled) {
      const manager = locks ?? globalThis.navigator?.locks;
      const open = channel ?? (globalThis.BroadcastChannel && ((name) => new BroadcastChannel(name)));
      if (!manager?.request || !open) return undefined;
      try {
        return joinTabs(
          manager,
          open,
          `imstate-tabs:${key || 'imstate'}`,
          takeoverTimeoutMs,
          report,
          settled,
        );
      } catch {}
    },
  };
}

/** One session's place among the tabs: the lock `name`, and a channel of that name. */
function joinTabs(
  locks: LockManager,
  open: (name: string) => BroadcastChannel,
  name: string,
  timeoutMs: number,
  report: (event: TabEvent) => void,
  settled: () => Promise<unknown>,
): (command: TabCommand) => void {
  const me = Math.random();
  // Two channel objects: one posts, one hears everything posted, this tab's own messages included (see `sync`).
  const out = open(name);
  const inbox = open(name);
  /** Which tab holds the login and as whom, as last heard (from a yield on: the taker). */
  let holder: { id?: number; user?: string } | undefined;
  let hold: Hold | undefined;
  let want: Want | undefined;
  /** The tab that asked for the login last ("use here"), or was handed it, and does not hold it yet, as heard. */
  let taker: { id?: number; user?: string } | undefined;
  let left = false;
  const synced: (() => void)[] = [];

  // Nothing more after leaving (a hand-over that ends after the session stopped says no goodbye).
  const post = (message: Message) => left || out.postMessage({ ...message, from: me });
  const tell = (event: TabEvent) => left || report(event);
  const role = (role: TabRole) => tell({ type: 'TAB.ROLE', role });
  const holding = () => hold && holder?.id === me;

  /**
   * Resolves once every message posted before it has arrived here. A lock grant and a message travel apart: a tab
   * granted the lock first hears the news (a logout, a hand-over) posted before the lock was let go.
   */
  const sync = () =>
    new Promise<void>((resolve) => {
      synced.push(resolve);
      post({ t: 'sync' });
    });

  const drop = () => {
    clearTimeout(want?.timer);
    want?.stop.abort();
    want = undefined;
  };

  /** This tab holds the login, as `user`: it tells the other tabs, and its session logs in. Keeps the lock. */
  const become = (held: Hold, user?: string) => {
    drop();
    held.leaving = false;
    hold = held;
    holder = { id: me, user };
    taker = undefined;
    post({ t: 'holds', user });
    role('active');
    tell({ type: 'TAB.GRANTED', userID: user });
    return true;
  };

  /** Another tab holds the login, or is about to (as `user`): this tab's claim or takeover ends. */
  const heldElsewhere = (user?: string) => {
    drop();
    tell({ type: 'TAB.HELD_ELSEWHERE', userID: user });
  };

  const wanting = (kind: Want['kind'], user?: string): Want => {
    drop();
    want = { kind, user, stop: new AbortController() };
    return want;
  };

  /** Lets the lock go (posting `goodbye`) once this tab's SDK calls have settled; a claim meanwhile keeps it. */
  const letGo = (handOver?: boolean) => {
    const held = hold!;
    held.leaving = true;
    settled().then(() => {
      if (hold !== held || !held.leaving) return;
      // (Not after a logout everywhere: that forgot the taker.)
      if (handOver && taker) post({ t: 'yield', to: taker.id, user: taker.user });
      hold = undefined;
      // A task later: the goodbye goes ahead of the lock (Chromium may deliver a lock let go in the same task first).
      setTimeout(held.release);
      role('standby');
    });
  };

  /**
   * Requests the lock for `wanted`. Once it is granted, and the news synced (nothing posted before the grant is still
   * on its way, so no old news arrives after this tab holds the login), `keep` takes it (returns true) or it is let
   * go; the lock is kept meanwhile. `ifAvailable` and not available: `unavailable` runs instead. A rejection once
   * granted means a tab taking over stole it (T10); any other failure but an abort: this tab acts alone.
   */
  const request = (
    wanted: Want,
    options: LockOptions,
    keep: (held: Hold) => boolean,
    unavailable?: () => void,
  ) => {
    // Rejected before its callback runs (stolen, or aborted), a grant is lost too: the callback may still run.
    const held = {} as Hold;
    locks
      .request(name, options, (lock) => {
        if (left) return;
        return new Promise<void>((release) => {
          held.release = release;
          if (!lock) {
            unavailable?.();
            return release();
          }
          wanted.granted = true;
          sync().then(() => {
            // Stolen before it was taken, by a tab taking over (there is nothing to let go): a tab standing by waits
            // again; a claim or takeover ends.
            if (held.lost) {
              if (want === wanted) wanted.kind === 'standBy' ? waitFor(wanted, keep) : heldElsewhere();
            } else if (want !== wanted || !keep(held)) release();
          });
        });
      })
      .catch((error: Error) => {
        held.lost = true;
        if (hold === held) {
          // Robbed (T10): this tab waits for nothing more (not even to stand by) and never logs in by itself.
          drop();
          hold = holder = undefined;
          role('standby');
          tell({ type: 'TAB.KICKED', reason: 'otherTab' });
        } else if (error?.name !== 'AbortError') {
          const wanted = want;
          drop();
          role('alone');
          if (wanted && wanted.kind !== 'standBy') tell({ type: 'TAB.GRANTED' });
        }
      });
  };

  /** Waits for the lock (or, with `steal`, takes it at once). */
  const waitFor = (wanted: Want, keep: (held: Hold) => boolean, steal?: boolean) =>
    // The standard refuses a signal with `steal`: a steal is never waiting.
    request(wanted, steal ? { steal } : { signal: wanted.stop.signal }, keep);

  const claim = (user?: string) => {
    const wanted = wanting('claim', user);
    const keep = (held: Hold) => become(held, user);
    if (hold?.leaving) return keep(hold);
    request(wanted, { ifAvailable: true }, keep, () => {
      if (want !== wanted) return;
      if (holder) return heldElsewhere(holder.user);
      // Held by a tab that has not said who it is, or that is letting go (its logout in flight): ask, and wait for
      // the lock meanwhile; a tab that neither answers nor lets go in time holds it, as someone.
      post({ t: 'who' });
      waitFor(wanted, keep);
      wanted.timer = setTimeout(() => {
        if (want === wanted && !wanted.granted) heldElsewhere(holder?.user);
      }, timeoutMs);
    });
  };

  const takeOver = (user?: string, at = Date.now() + me) => {
    const wanted = wanting('takeOver', user);
    const keep = (held: Hold) => become(held, user);
    wanted.at = at;
    waitFor(wanted, keep);
    post({ t: 'takeOver', user, at });
    // T10: a tab that does not let go in time (frozen, busy) loses the lock.
    wanted.timer = setTimeout(() => {
      if (want !== wanted || wanted.granted) return;
      // The request still waiting is withdrawn; the steal is granted at once.
      wanted.stop.abort();
      waitFor(wanted, keep, true);
    }, timeoutMs);
  };

  const standBy = (user?: string) => {
    const wanted = wanting('standBy');
    const wait = () =>
      waitFor(wanted, (held) => {
        // Granted while another tab takes over (handed the login, or still asking for it): give that tab its turn,
        // and come back, should it have died.
        if (taker && wanted.deferred !== taker) {
          wanted.deferred = taker;
          wait();
          return false;
        }
        // T6: the tab holding the login went away while logged in.
        return become(held, holder?.user ?? user);
      });
    wait();
  };

  inbox.onmessage = ({ data }: MessageEvent<Message & { from?: unknown }>) => {
    // A channel closed on leaving hears nothing more.
    if (typeof data?.from !== 'number') return;
    if (data.from === me) return data.t === 'sync' && synced.shift()?.();
    const { t, user, reason, to, from, at } = data;
    if (t === 'who' && holding()) post({ t: 'holds', user: holder!.user });
    if (t === 'holds') {
      holder = { id: from, user };
      taker = undefined;
      // (Once this tab was granted the lock, a `holds` still on its way is older news.)
      if (want?.kind === 'claim' && want.timer && !want.granted) heldElsewhere(user);
      // Another tab got the login first: ask that one, and give it the whole takeover timeout to let go.
      if (want?.kind === 'takeOver' && !want.granted) takeOver(want.user, want.at);
    }
    if (t === 'takeOver') {
      taker = { id: from, user };
      if (holding()) tell({ type: 'TAB.TAKEOVER', userID: user });
      // Another tab's user said "use here" after this tab's did: that tab gets the login, and this one never
      // steals it from that tab at its own deadline (T2).
      else if (want?.kind === 'takeOver' && !want.granted && at! > want.at!) heldElsewhere(user);
    }
    if (t === 'yield') holder = taker = { id: to, user };
    if (t === 'end') {
      taker = undefined;
      // LOGOUT in another tab: the tab holding the login logs out (and then says so); every other tab follows.
      if (holding()) return reason || tell({ type: 'TAB.LOGGED_OUT' });
      holder = undefined;
      if (want?.kind !== 'claim') drop();
      tell(reason ? { type: 'TAB.KICKED', reason } : { type: 'TAB.LOGGED_OUT' });
    }
  };

  return (command) => {
    if (left) return;
    const { type, userID, reason } = command;
    if (type === 'claim') return claim(userID);
    if (type === 'takeOver') return takeOver(userID);
    if (type === 'standBy') return standBy(userID);
    if (type === 'hold') {
      if (holding()) holder = { id: me, user: userID };
      return holding() && post({ t: 'holds', user: userID });
    }
    drop();
    if (type === 'leave') {
      // At once and without a goodbye, like a closed page: a tab standing by takes over (T6).
      left = true;
      hold?.release();
      // A lock granted but not yet taken (waiting for `sync`) goes too.
      synced.map((resolve) => resolve());
      out.close();
      inbox.close();
      return;
    }
    // Not holding the login: LOGOUT here asks the tab that holds it, and every tab follows (T5).
    if (!holding()) return type === 'logOut' && post({ t: 'end' });
    if (reason === 'otherTab' && type === 'release') {
      // Handed over (T4): the taking tab is the holder from now on; it hears so once this tab let go.
      holder = taker;
      return letGo(true);
    }
    // The login ended here: logged out (T5) or kicked by the server (T7). Every tab hears it now.
    holder = undefined;
    // (Only `release` carries a reason: the session clears its kick reason before it says `logOut`.)
    post({ t: 'end', reason });
    letGo();
  };
}
