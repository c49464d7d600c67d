import { createSession } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach, trackListeners, tryToWrite } from '@imstate/test-support/probes';
import { createSessionPlugin, type SessionEmittedOf, useSessionEvent } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, ref } from 'vue';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const userSig = im.issueUserSig('alice');

/** A session of alice's on a new device of the simulated service, started and logged in. */
async function onlineSession() {
  const sdk = im.createClient({ platform: 'web' });
  const session = createSession({ sdk, sdkAppID: im.sdkAppID }).start();
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice', userSig });
  await reach(session, 'online');
  return { sdk, session };
}

describe('useSessionEvent()', () => {
  it('calls the handler each time the session emits that event, with its payload', async () => {
    const { session } = await onlineSession();
    const kicked = vi.fn<(event: SessionEmittedOf<'kicked'>) => void>();
    const online = vi.fn();
    const Listener = defineComponent({
      setup() {
        useSessionEvent('kicked', kicked);
        useSessionEvent('online', online);
        return () => h('p');
      },
    });
    const wrapper = mount(Listener, { global: { plugins: [createSessionPlugin({ session })] } });

    const otherDevice = (await onlineSession()).session;
    await reach(session, 'kicked');
    expect(kicked).toHaveBeenCalledExactlyOnceWith({ type: 'kicked', reason: 'multipleAccount' });
    session.send({ type: 'RELOGIN' });
    await reach(session, 'online');
    expect(online).toHaveBeenCalledTimes(1);
    im.kick('alice');
    await reach(session, 'kicked');
    expect(kicked).toHaveBeenLastCalledWith({ type: 'kicked', reason: 'restApi' });
    expect(kicked).toHaveBeenCalledTimes(2);
    wrapper.unmount();
    session.stop();
    otherDevice.stop();
  });

  it('stops calling the handler once the component unmounts', async () => {
    const { session } = await onlineSession();
    const listeners = trackListeners(session);
    const kicked = vi.fn();
    const shown = ref(true);
    const Listener = defineComponent({
      setup() {
        useSessionEvent('kicked', kicked);
        return () => h('p');
      },
    });
    const wrapper = mount(() => (shown.value ? h(Listener) : null), {
      global: { plugins: [createSessionPlugin({ session })] },
    });
    expect(listeners.open).toBe(1);

    shown.value = false;
    await flushPromises();
    expect(listeners.open).toBe(0);
    im.kick('alice');
    await reach(session, 'kicked');
    expect(kicked).not.toHaveBeenCalled();
    wrapper.unmount();
    session.stop();
  });

  it('works in an effectScope and stops when it is disposed', async () => {
    const { sdk, session } = await onlineSession();
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const errors = vi.fn();
    app.runWithContext(() => scope.run(() => useSessionEvent('error', errors)));

    sdk.network.drop();
    await flushPromises();
    expect(errors).toHaveBeenCalledExactlyOnceWith({
      type: 'error',
      error: expect.objectContaining({ code: 2801, source: 'sdk' }),
    });
    scope.stop();
    const stillEmitted = vi.fn();
    session.on('error', stillEmitted);
    sdk.network.restore();
    await reach(session, 'online');
    sdk.network.drop();
    await flushPromises();
    expect(stillEmitted).toHaveBeenCalledTimes(1);
    expect(errors).toHaveBeenCalledTimes(1);
    session.stop();
  });

  it('outside a provider, throws an error naming createSessionPlugin and provideSession', () => {
    expect(() => useSessionEvent('online', () => {})).toThrow(
      /useSessionEvent\(\).*createSessionPlugin.*provideSession/,
    );
  });

  it('throws a TypeError at the call when the handler is not a function', () => {
    const session = createSession({ sdk: im.createClient({ platform: 'web' }), sdkAppID: im.sdkAppID });
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const call = () => useSessionEvent('online', null as unknown as () => void);
    expect(() => app.runWithContext(() => scope.run(call))).toThrow(
      new TypeError("useSessionEvent()'s handler must be a function."),
    );
    scope.stop();
  });

  it('hands an error its handler throws to the app’s errorHandler, and the session carries on', async () => {
    const { session } = await onlineSession();
    const failure = new Error('the app’s handler failed');
    const errorHandler = vi.fn();
    const loggedOut = vi.fn();
    const Listener = defineComponent({
      setup() {
        useSessionEvent('kicked', () => {
          throw failure;
        });
        useSessionEvent('loggedOut', loggedOut);
        return () => h('p');
      },
    });
    const wrapper = mount(Listener, {
      global: { plugins: [createSessionPlugin({ session })], config: { errorHandler } },
    });
    im.kick('alice');
    await reach(session, 'kicked');
    expect(errorHandler).toHaveBeenCalledExactlyOnceWith(failure, expect.anything(), expect.any(String));
    session.send({ type: 'LOGOUT' });
    await reach(session, 'loggedOut');
    expect(loggedOut).toHaveBeenCalledTimes(1);
    wrapper.unmount();
    session.stop();
  });

  it('hands the handler event data that cannot be written to the session', async () => {
    const { session } = await onlineSession();
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const seen: string[] = [];
    app.runWithContext(() =>
      scope.run(() =>
        useSessionEvent('error', ({ error }) => seen.push(tryToWrite(error, { message: 'rewritten' }))),
      ),
    );
    session.send({ type: 'LOGIN', userID: 'bad id', userSig });
    expect(seen).toEqual(['refused']);
    expect(session.getSnapshot().context.error?.message).not.toBe('rewritten');
    scope.stop();
    session.stop();
  });
});
