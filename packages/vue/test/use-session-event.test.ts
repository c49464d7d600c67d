import { createSession } from '@imstate/core';
import { createSessionPlugin, type SessionEmittedOf, useSessionEvent } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, ref } from 'vue';
import { createFakeSdk, reach, trackListeners } from './fake-sdk';

async function onlineSession() {
  const fake = createFakeSdk();
  const session = createSession(fake.options).start();
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
  await reach(session, 'online');
  return { fake, session };
}

describe('useSessionEvent()', () => {
  it('calls the handler each time the session emits that event, with its payload', async () => {
    const { fake, session } = await onlineSession();
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

    fake.listener.onKickedOffline('multipleDevice');
    expect(kicked).toHaveBeenCalledExactlyOnceWith({ type: 'kicked', reason: 'multipleDevice' });
    session.send({ type: 'RELOGIN' });
    await reach(session, 'online');
    expect(online).toHaveBeenCalledTimes(1);
    fake.listener.onKickedOffline('restApi');
    expect(kicked).toHaveBeenLastCalledWith({ type: 'kicked', reason: 'restApi' });
    wrapper.unmount();
    session.stop();
  });

  it('stops calling the handler once the component unmounts', async () => {
    const { fake, session } = await onlineSession();
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
    fake.listener.onKickedOffline('multipleDevice');
    expect(kicked).not.toHaveBeenCalled();
    wrapper.unmount();
    session.stop();
  });

  it('works in an effectScope and stops when it is disposed', async () => {
    const { fake, session } = await onlineSession();
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const errors = vi.fn();
    app.runWithContext(() => scope.run(() => useSessionEvent('error', errors)));

    fake.listener.onConnecting();
    fake.listener.onConnectFailed(2801, 'offline');
    expect(errors).toHaveBeenCalledExactlyOnceWith({
      type: 'error',
      error: expect.objectContaining({ code: 2801, source: 'sdk' }),
    });
    scope.stop();
    fake.listener.onConnectFailed(2801, 'still offline');
    expect(errors).toHaveBeenCalledTimes(1);
    session.stop();
  });

  it('outside a provider, throws an error naming createSessionPlugin and provideSession', () => {
    expect(() => useSessionEvent('online', () => {})).toThrow(
      /useSessionEvent\(\).*createSessionPlugin.*provideSession/,
    );
  });
});
