import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSession, selectStatus, selectSubstate } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach } from '@imstate/test-support/probes';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionBanner$ } from './example/connection-banner';
import { askToLogInAgain } from './example/kicked-dialog';
import { whenOnline, whileOnline } from './example/online';
import { userSigFrom } from './example/user-sig';

const newService = (latencyMs = 0) =>
  createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key', latencyMs });

/** A session of alice's on a new device of the simulated service, started and logged in. */
async function onlineSession() {
  const im = newService();
  const sdk = im.createClient({ platform: 'web' });
  const login = vi.spyOn(sdk, 'login');
  const session = createSession({ sdk, sdkAppID: im.sdkAppID }).start();
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
  await reach(session, 'online');
  return { im, sdk, login, session };
}

describe('recipe: connection banner', () => {
  it('says reconnecting, then offline, and clears once connected again', async () => {
    const { im, sdk, session } = await onlineSession();
    const texts: (string | null)[] = [];
    const subscription = connectionBanner$(session).subscribe((text) => texts.push(text));

    // A new snapshot with nothing new to say: the banner stays quiet.
    im.updateProfile('alice', { nickName: 'Alice' });
    sdk.network.drop();
    await vi.waitFor(() => expect(selectSubstate(session.getSnapshot())).toBe('connecting.offline'));
    sdk.network.restore();
    await reach(session, 'online');
    expect(session.getSnapshot().context.selfInfo?.nickName).toBe('Alice');
    expect(texts).toEqual([
      null,
      'Reconnecting…',
      'You are offline. We will reconnect when the network is back.',
      'Reconnecting…',
      null,
    ]);
    subscription.unsubscribe();
    session.stop();
  });
});

describe('recipe: “you logged in on another device — log in again?”', () => {
  it('logs in again when the user says yes, asking once per kick', async () => {
    const { im, login, session } = await onlineSession();
    const ask = vi.fn(async () => true);
    const subscription = askToLogInAgain(session, ask).subscribe();

    const otherDevice = createSession({ sdk: im.createClient({ platform: 'web' }), sdkAppID: im.sdkAppID });
    otherDevice.start().send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await vi.waitFor(() => expect(login).toHaveBeenCalledTimes(2));
    await reach(session, 'online');
    expect(ask).toHaveBeenCalledExactlyOnceWith('multipleAccount');
    expect(login).toHaveBeenCalledTimes(2);
    subscription.unsubscribe();
    session.stop();
    otherDevice.stop();
  });

  it('logs out when the user says no', async () => {
    const { im, login, session } = await onlineSession();
    const subscription = askToLogInAgain(session, async () => false).subscribe();

    im.kick('alice');
    await reach(session, 'loggedOut');
    expect(login).toHaveBeenCalledTimes(1);
    subscription.unsubscribe();
    session.stop();
  });
});

describe('recipe: gating work until online', () => {
  afterEach(() => vi.useRealTimers());

  it('whenOnline resolves on login, and rejects when the session stops first', async () => {
    const im = newService();
    const session = createSession({ sdk: im.createClient(), sdkAppID: im.sdkAppID }).start();
    const online = whenOnline(session);
    await reach(session, 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await expect(online).resolves.toBeUndefined();
    session.stop();

    const never = createSession({ sdk: im.createClient(), sdkAppID: im.sdkAppID }).start();
    const stopped = whenOnline(never);
    never.stop();
    await expect(stopped).rejects.toThrow();
  });

  it('whileOnline runs the work while online and restarts it after a reconnect', async () => {
    // With a latency and fake timers, the network's callbacks arrive within the marble frame of each step.
    vi.useFakeTimers();
    const latencyMs = 10;
    const im = newService(latencyMs);
    const sdk = im.createClient({ platform: 'web' });
    const session = createSession({ sdk, sdkAppID: im.sdkAppID }).start();
    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await vi.advanceTimersByTimeAsync(2 * latencyMs);
    expect(selectStatus(session.getSnapshot())).toBe('online');
    const answered = (step: () => void) => () => {
      step();
      vi.advanceTimersByTime(latencyMs);
    };
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(
      ({ cold, expectObservable }) => {
        cold('--d--r', {
          d: answered(() => sdk.network.drop()),
          r: answered(() => sdk.network.restore()),
        }).subscribe((act) => act());
        // The work: a sync that ticks every 2 frames.
        const sync = () => cold('-a-b-c');
        expectObservable(whileOnline(session, sync), '^--------!').toBe('-a----a-b');
      },
    );
    expect(selectStatus(session.getSnapshot())).toBe('online');
    session.stop();
  });
});

describe('recipe: UserSig from your own server endpoint', () => {
  it('logs in and renews an expired UserSig through the endpoint', async () => {
    const im = newService();
    const asked: string[] = [];
    const endpoint = createServer((request, response) => {
      const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
      asked.push(`${query.get('userID')}:${query.get('reason')}`);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ userSig: im.issueUserSig(query.get('userID') ?? '', 60) }));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const { port } = endpoint.address() as AddressInfo;
    const session = createSession({
      sdk: im.createClient(),
      sdkAppID: im.sdkAppID,
      getUserSig: userSigFrom(`http://127.0.0.1:${port}/api/usersig`),
    }).start();
    await reach(session, 'loggedOut');

    session.send({ type: 'LOGIN', userID: 'alice' });
    await reach(session, 'online');
    im.expireAllUserSigs();
    await reach(session, 'sigExpired');
    await reach(session, 'online');
    expect(asked).toEqual(['alice:login', 'alice:expired']);
    session.stop();
    await new Promise((resolve) => endpoint.close(resolve));
  });
});

describe('docs', () => {
  const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
  const example = (file: string) => read(`./example/${file}`);
  const snippets = [
    ...example('snippets.ts').matchAll(/^ *\/\/ #region (\S+)\n([\s\S]*?)^ *\/\/ #endregion/gm),
  ];

  it('README shows the compiled example main.ts verbatim', () => {
    expect(read('../README.md')).toContain(example('main.ts'));
  });

  it.each(['main.ts', 'connection-banner.ts', 'kicked-dialog.ts', 'online.ts', 'user-sig.ts'])(
    'docs/rxjs.md shows the compiled example %s verbatim',
    (file) => {
      expect(read('../../../docs/rxjs.md')).toContain(example(file));
    },
  );

  it('docs/rxjs.md shows every compiled snippet verbatim', () => {
    expect(snippets).toHaveLength(3);
    for (const [, , body = ''] of snippets) {
      expect(read('../../../docs/rxjs.md')).toContain(dedent(body));
    }
  });
});

function dedent(text: string): string {
  const indent = Math.min(
    ...text
      .split('\n')
      .filter(Boolean)
      .map((line) => line.search(/\S/)),
  );
  return text.replace(new RegExp(`^ {${indent}}`, 'gm'), '');
}
