// The examples of docs/testing.md: each `#region` below is shown there, byte for byte (test/docs.test.ts).
// #region setup
import { createSession, type SessionActor, selectStatus, type UserSigProvider } from '@imstate/core';
import { createImServer, type ImServer, type Platform } from '@imstate/simulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { renderStatusBanner } from '../src/status-banner';

const SDK_APP_ID = 1400000001;
let server: ImServer;
const sessions: SessionActor[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  // A fresh simulated IM service per test. Its default latencyMs (0) delivers every reply in a microtask.
  server = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'test-only-secret-key' });
});

afterEach(() => {
  // Frees each device's place on the server and clears the session's timers.
  for (const session of sessions.splice(0)) session.stop();
  vi.useRealTimers();
});

/** One device running the app: a simulated SDK client and a started session, logged out. */
async function startDevice(platform: Platform = 'web') {
  const sdk = server.createClient({ platform });
  // Stands in for your backend's UserSig endpoint; a test can make it fail.
  const getUserSig = vi.fn<UserSigProvider>(async (userID) => server.issueUserSig(userID, 600));
  const session = createSession({ sdk, sdkAppID: SDK_APP_ID, getUserSig });
  sessions.push(session);
  session.start();
  await waitFor(session, (snapshot) => selectStatus(snapshot) === 'loggedOut');
  return { sdk, session, getUserSig, banner: () => renderStatusBanner(session.getSnapshot()) };
}

type Device = Awaited<ReturnType<typeof startDevice>>;

async function logIn(device: Device, userID: string) {
  device.session.send({ type: 'LOGIN', userID });
  await waitFor(device.session, (snapshot) => selectStatus(snapshot) === 'online');
}
// #endregion setup

describe('the status banner', () => {
  // #region online
  it('shows who is online once the login succeeds', async () => {
    const phone = await startDevice();
    expect(phone.banner()).toBe('Signed out');

    phone.session.send({ type: 'LOGIN', userID: 'alice' });
    expect(phone.banner()).toBe('Connecting…');

    await waitFor(phone.session, (snapshot) => selectStatus(snapshot) === 'online');
    expect(phone.banner()).toBe('Online as alice');
  });
  // #endregion online

  // #region kicked
  it('offers to log in again when the user signs in on another device', async () => {
    const phone = await startDevice('ios');
    const otherPhone = await startDevice('ios');
    await logIn(phone, 'alice');

    // Same user, same native platform: the server kicks the older device.
    await logIn(otherPhone, 'alice');
    await waitFor(phone.session, (snapshot) => selectStatus(snapshot) === 'kicked');
    expect(phone.banner()).toBe('You signed in on another device. Log in again here?');

    // A kicked session never logs in by itself, however long you wait…
    await vi.advanceTimersByTimeAsync(60_000);
    expect(phone.banner()).toBe('You signed in on another device. Log in again here?');

    // …only when the user asks to.
    phone.session.send({ type: 'RELOGIN' });
    await waitFor(phone.session, (snapshot) => selectStatus(snapshot) === 'online');
    expect(phone.banner()).toBe('Online as alice');
    expect(otherPhone.banner()).toBe('You signed in on another device. Log in again here?');
  });
  // #endregion kicked

  // #region sig-expired-renewed
  it('renews an expired UserSig without bothering the user', async () => {
    const phone = await startDevice();
    await logIn(phone, 'alice');
    const expired = vi.fn();
    phone.session.on('sigExpired', expired);

    server.advanceTime(600_000); // the server clock passes the UserSig's expiry
    await vi.advanceTimersByTimeAsync(0); // lets the simulated replies (microtasks) through

    expect(expired).toHaveBeenCalledOnce();
    expect(phone.getUserSig).toHaveBeenLastCalledWith(
      'alice',
      expect.objectContaining({ reason: 'expired' }),
    );
    expect(phone.banner()).toBe('Online as alice');
  });
  // #endregion sig-expired-renewed

  // #region sig-expired-gave-up
  it('asks the user to sign in again when the UserSig cannot be renewed', async () => {
    const phone = await startDevice();
    await logIn(phone, 'alice');
    phone.getUserSig.mockRejectedValue(new Error('UserSig endpoint is down'));

    server.advanceTime(600_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(phone.banner()).toBe('Renewing your session…');

    // Refreshes back off with jitter (sigRetry): jump past every delay instead of timing them.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(phone.banner()).toBe('Your session expired. Please sign in again');
    expect(phone.session.getSnapshot().context.error?.code).toBe('USER_SIG_REFRESH_FAILED');
  });
  // #endregion sig-expired-gave-up

  // #region offline
  it('shows that it is offline while the network is down, and recovers by itself', async () => {
    const phone = await startDevice();
    await logIn(phone, 'alice');
    const login = vi.spyOn(phone.sdk, 'login');

    phone.sdk.network.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(phone.banner()).toBe('Offline: reconnecting…');
    expect(phone.session.getSnapshot().context.error?.code).toBe(2801);

    phone.sdk.network.restore();
    await vi.advanceTimersByTimeAsync(0);
    expect(phone.banner()).toBe('Online as alice');
    expect(login).not.toHaveBeenCalled(); // the SDK reconnected by itself: no second login
  });
  // #endregion offline

  // #region refused
  it('explains a refused sign-in when the backend signs UserSigs with the wrong key', async () => {
    const phone = await startDevice();
    // A server with another key stands in for a misconfigured backend.
    const misconfigured = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'an-outdated-secret-key' });
    phone.getUserSig.mockImplementation(async (userID) => misconfigured.issueUserSig(userID, 600));
    const login = vi.spyOn(phone.sdk, 'login');

    phone.session.send({ type: 'LOGIN', userID: 'alice' });
    await waitFor(phone.session, (snapshot) => selectStatus(snapshot) === 'loggedOut');

    expect(phone.banner()).toBe('Sign-in refused by the chat service (70009)');
    expect(phone.session.getSnapshot().context.error).toMatchObject({ code: 70009, source: 'sdk' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(login).toHaveBeenCalledOnce(); // a bad signature is never retried
  });
  // #endregion refused

  // Not shown in the guide: the states above do not reach every line of the banner.
  it('says the chat is starting until initSDK has answered', () => {
    const session = createSession({ sdk: server.createClient(), sdkAppID: SDK_APP_ID });
    sessions.push(session);
    session.start();

    expect(renderStatusBanner(session.getSnapshot())).toBe('Starting chat…');
  });

  it('tells a kick through the REST API apart from another device', async () => {
    const phone = await startDevice();
    await logIn(phone, 'alice');

    server.kick('alice');
    await waitFor(phone.session, (snapshot) => selectStatus(snapshot) === 'kicked');
    expect(phone.banner()).toBe('You were signed out by the service');
  });

  it('asks to try again after a login that kept failing for a transient reason', async () => {
    const phone = await startDevice();
    phone.sdk.network.drop();

    phone.session.send({ type: 'LOGIN', userID: 'alice' });
    await vi.advanceTimersByTimeAsync(5 * 60_000);

    expect(phone.banner()).toBe('Could not sign in (2801). Try again');
  });
});
