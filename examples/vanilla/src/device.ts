import {
  createSession,
  type SessionActor,
  type SessionEmitted,
  type SessionStatus,
  type SessionSubstate,
  selectSubstate,
  type UserSigProvider,
} from '@imstate/core';
import type { ImServer, Platform, SimulatedSdk } from '@imstate/simulator';
import { waitFor } from 'xstate';

/** Writes one line of the walkthrough, e.g. `Device A  connecting.loggingIn → online`. */
export type Say = (who: string, what: string) => void;

/** One simulated phone or browser: an SDK client of the simulated server and the session running on it. */
export interface Device {
  /** How the walkthrough calls it, e.g. `Device A`. */
  readonly name: string;
  /** The simulated SDK client (its network can be dropped and restored). */
  readonly sdk: SimulatedSdk;
  /** The imstate session over that client. */
  readonly session: SessionActor;
  /** Every state the session has been in, with its substate (`connecting.offline`, `kicked.resting`), oldest first. */
  readonly path: readonly SessionSubstate[];
  /**
   * Resolves once `state` is entered at index `mark` of `path` or later: a status (`kicked`, whichever its
   * substate) or a state with its substate (`connecting.offline`). Rejects after `timeoutMs`.
   */
  reach(state: SessionStatus | SessionSubstate, mark: number, timeoutMs: number): Promise<void>;
}

export interface DeviceOptions {
  /** How the walkthrough calls it, e.g. `Device A`. */
  name: string;
  /** The simulated IM service: the device's SDK client connects to it, and its `getUserSig` asks it. */
  server: ImServer;
  /** The device kind: two devices of one user on the same platform kick each other. */
  platform: Platform;
  /** How long the UserSigs the app server hands out live, in seconds. */
  userSigLifetimeSeconds: number;
  /** Where the device tells what happens to it. */
  say: Say;
}

/**
 * Creates a device; its session is not started yet. Its `getUserSig` asks the simulated server, as a real
 * app asks its own backend. Every state change, emitted event and `getUserSig` call is told through `say`;
 * a UserSig never is.
 */
export function createDevice({ name, server, platform, userSigLifetimeSeconds, say }: DeviceOptions): Device {
  const sdk = server.createClient({ platform });
  const path: SessionSubstate[] = [];
  // Emitted events and getUserSig calls happen while a transition runs, before subscribers hear of it: hold
  // them, so each is told after the state change it belongs to.
  const held: string[] = [];
  const flush = () => {
    for (const line of held.splice(0)) say(name, line);
  };
  const hold = (line: string) => {
    held.push(line);
    queueMicrotask(flush);
  };
  const getUserSig: UserSigProvider = async (userID, { reason }) => {
    hold(`  getUserSig(${userID}, ${reason}): the app server issues a UserSig`);
    return server.issueUserSig(userID, userSigLifetimeSeconds);
  };
  const session = createSession({ sdk, sdkAppID: server.sdkAppID, getUserSig });
  session.on('*', (event) => hold(`  emits ${describeEmitted(event)}`));
  session.subscribe((snapshot) => {
    const state = selectSubstate(snapshot);
    const previous = path.at(-1);
    if (state !== previous) {
      path.push(state);
      say(name, previous === undefined ? `starts in ${state}` : `${previous} → ${state}`);
    }
    flush();
  });

  return {
    name,
    sdk,
    session,
    path,
    async reach(state, mark, timeoutMs) {
      try {
        const entered = (substate: SessionSubstate, index: number) =>
          index >= mark && (substate === state || substate.startsWith(`${state}.`));
        await waitFor(session, () => path.some(entered), { timeout: timeoutMs });
      } catch {
        throw new Error(`${name} did not reach ${state} within ${timeoutMs} ms (path: ${path.join(' → ')})`);
      }
    },
  };
}

function describeEmitted(event: SessionEmitted): string {
  switch (event.type) {
    case 'kicked':
      return `kicked (reason ${event.reason})`;
    case 'error':
      return `error (code ${event.error.code}, source ${event.error.source})`;
    default:
      return event.type;
  }
}
