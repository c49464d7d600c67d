// @vitest-environment node
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSession } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach } from '@imstate/test-support/probes';
import { createSessionPlugin, useSession } from '@imstate/vue';
import { describe, expect, it, vi } from 'vitest';
import { createApp, effectScope } from 'vue';
import { useOnline, whenOnline } from './example/online';
import { userSigFrom } from './example/user-sig';

const SDK_APP_ID = 1400000001;
const newService = () => createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'test-only-key' });

/** Runs `setup` in an effect scope of an app that has the session, as a component or Pinia store would. */
function inApp<T>(session: ReturnType<typeof createSession>, setup: () => T) {
  const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
  const scope = effectScope();
  return { result: app.runWithContext(() => scope.run(setup))!, scope };
}

describe('recipe: gating work until online', () => {
  it('whenOnline resolves once the user is logged in, and at once when already online', async () => {
    const im = newService();
    const session = createSession({ sdk: im.createClient(), sdkAppID: SDK_APP_ID }).start();
    const { result: status, scope } = inApp(session, () => useSession().status);
    const online = vi.fn();
    void whenOnline(status).then(online);
    await reach(session, 'loggedOut');
    expect(online).not.toHaveBeenCalled();

    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await reach(session, 'online');
    await vi.waitFor(() => expect(online).toHaveBeenCalledTimes(1));
    await expect(whenOnline(status)).resolves.toBeUndefined();
    scope.stop();
    session.stop();
  });

  it('useOnline runs the work on each entry to online, never before', async () => {
    const im = newService();
    const sdk = im.createClient();
    const session = createSession({ sdk, sdkAppID: SDK_APP_ID }).start();
    const work = vi.fn();
    const { scope } = inApp(session, () => useOnline(work));
    await reach(session, 'loggedOut');
    expect(work).not.toHaveBeenCalled();

    session.send({ type: 'LOGIN', userID: 'alice', userSig: im.issueUserSig('alice') });
    await reach(session, 'online');
    expect(work).toHaveBeenCalledTimes(1);
    sdk.network.drop();
    await reach(session, 'connecting');
    expect(work).toHaveBeenCalledTimes(1);
    sdk.network.restore();
    await reach(session, 'online');
    expect(work).toHaveBeenCalledTimes(2);
    scope.stop();
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
      sdkAppID: SDK_APP_ID,
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

  it.each(['main.ts', 'App.vue'])('README shows the compiled example %s verbatim', (file) => {
    expect(read('../README.md')).toContain(example(file));
  });

  it.each(['main.ts', 'App.vue', 'KickedDialog.vue', 'ConnectionBanner.vue', 'user-sig.ts', 'online.ts'])(
    'docs/vue.md shows the compiled example %s verbatim',
    (file) => {
      expect(read('../../../docs/vue.md')).toContain(example(file));
    },
  );

  it('docs/vue.md shows every compiled snippet verbatim', () => {
    expect(snippets.map(([, name]) => name)).toHaveLength(6);
    for (const [, , body = ''] of snippets) {
      expect(read('../../../docs/vue.md')).toContain(dedent(body));
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
