import type { SessionStatus, SessionSubstate } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { createDevice, type Device, type Say } from './device';

export interface WalkthroughOptions {
  /** Delay of every reply and callback of the simulated service, in ms. Default 20. */
  latencyMs?: number;
  /** The clock the timestamps are read from, in ms. Default `performance.now()`. */
  now?: () => number;
  /** How long one step may take before the walkthrough gives up, in ms. Default 2000. */
  stepTimeoutMs?: number;
}

/** One step of the story: what happens, and the state each device it affects ends up in. */
interface Step {
  /** Printed as the step's heading. */
  title: string;
  /** What the user, the network or the server does. */
  act: () => void;
  /** The status or substate each affected device must enter before the next step starts. */
  until: [Device, SessionStatus | SessionSubstate][];
}

const SDK_APP_ID = 1400000001;
// A demo key: in a real app the secret key stays on your server, which signs UserSigs.
const SECRET_KEY = 'vanilla-walkthrough-secret-key';
const USER_SIG_LIFETIME_SECONDS = 10 * 60;

/**
 * Two devices of one user on one simulated IM service, told line by line: login, a second device kicks
 * the first, "log in again", a network drop and recovery, UserSig expiry and refresh, logout. Each line
 * carries the time since the start, e.g. `+0.021s  Device A  connecting.loggingIn → online`. Resolves
 * once both sessions are stopped, leaving no timer behind.
 */
export async function runWalkthrough(print: (line: string) => void, options: WalkthroughOptions = {}) {
  const { latencyMs = 20, now = () => performance.now(), stepTimeoutMs = 2000 } = options;
  const startedAt = now();
  const say: Say = (who, what) => {
    const seconds = ((now() - startedAt) / 1000).toFixed(3);
    print(`+${seconds}s  ${who.padEnd(8)}  ${what}`);
  };
  let count = 0;
  /** Runs `act`, then waits until each device has entered the state it is expected to reach. */
  const step = async ({ title, act, until }: Step) => {
    count += 1;
    print(`\n── ${count}. ${title}`);
    const marks = until.map(([device]) => device.path.length);
    act();
    await Promise.all(until.map(([device, state], i) => device.reach(state, marks[i]!, stepTimeoutMs)));
  };

  // Two phones: one login per user on a native platform, so the second kicks the first (multipleDevice).
  print(`A simulated IM service (SDKAppID ${SDK_APP_ID}, ${latencyMs} ms latency) and two iOS devices.`);
  const server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: SECRET_KEY, latencyMs });
  const device = (name: string) =>
    createDevice({ name, server, platform: 'ios', userSigLifetimeSeconds: USER_SIG_LIFETIME_SECONDS, say });
  const a = device('Device A');
  const b = device('Device B');

  try {
    await step({
      title: 'Both devices start: initSDK, then logged out',
      act: () => {
        a.session.start();
        b.session.start();
      },
      until: [
        [a, 'loggedOut.idle'],
        [b, 'loggedOut.idle'],
      ],
    });
    await step({
      title: 'Device A logs in as alice',
      act: () => a.session.send({ type: 'LOGIN', userID: 'alice' }),
      until: [[a, 'online']],
    });
    await step({
      title: 'Device B logs in as alice, on the same platform: the server kicks Device A',
      act: () => b.session.send({ type: 'LOGIN', userID: 'alice' }),
      until: [
        [b, 'online'],
        [a, 'kicked'],
      ],
    });
    say(a.name, 'stays kicked: it never logs in again by itself (two devices would kick each other forever)');
    await step({
      title: 'Device A logs in again (RELOGIN, with the UserSig it holds): now Device B is kicked',
      act: () => a.session.send({ type: 'RELOGIN' }),
      until: [
        [a, 'online'],
        [b, 'kicked'],
      ],
    });
    await step({
      title: 'Device B gives way and logs in as bob instead',
      act: () => b.session.send({ type: 'LOGIN', userID: 'bob' }),
      until: [[b, 'online']],
    });
    await step({
      title: 'Device A loses its network',
      act: () => a.sdk.network.drop(),
      until: [[a, 'connecting.offline']],
    });
    await step({
      title: 'The network comes back: the SDK reconnects by itself, without a new login',
      act: () => a.sdk.network.restore(),
      until: [[a, 'online']],
    });
    await step({
      title: 'The server clock jumps 10 minutes: every UserSig expires, and each session fetches a fresh one',
      act: () => server.advanceTime(USER_SIG_LIFETIME_SECONDS * 1000),
      until: [
        [a, 'online'],
        [b, 'online'],
      ],
    });
    await step({
      title: 'Both devices log out',
      act: () => {
        a.session.send({ type: 'LOGOUT' });
        b.session.send({ type: 'LOGOUT' });
      },
      until: [
        [a, 'loggedOut.idle'],
        [b, 'loggedOut.idle'],
      ],
    });
  } finally {
    a.session.stop();
    b.session.stop();
  }
  print(`\nDone: sessions stopped, ${server.sessions().length} left on the server.`);
}
