import { createSession } from '@imstate/core';
import {
  createSessionPlugin,
  type SessionPluginOptions,
  type UseSessionResult,
  useSession,
} from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, type Ref, watch } from 'vue';
import { createFakeSdk, reach, trackListeners } from './fake-sdk';

/** Mounts a component that hands its `useSession()` result to the test. */
function mountWithSession(options: SessionPluginOptions = createFakeSdk().options) {
  let result!: UseSessionResult;
  const wrapper = mount(
    defineComponent({
      setup() {
        result = useSession();
        return () => h('p', `${result.status.value}:${result.userID.value ?? ''}`);
      },
    }),
    { global: { plugins: [createSessionPlugin(options)] } },
  );
  return { wrapper, result };
}

describe('useSession()', () => {
  it('logs in and out, and the refs follow', async () => {
    const fake = createFakeSdk();
    const { wrapper, result } = mountWithSession(fake.options);
    await flushPromises();

    result.login({ userID: 'alice', userSig: 'sig-alice' });
    await flushPromises();
    expect(fake.sdk.login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-alice' });
    expect(wrapper.text()).toBe('online:alice');

    fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    expect(result.selfInfo.value).toEqual({ userID: 'alice', nickName: 'Alice' });

    result.logout();
    await flushPromises();
    expect(fake.sdk.logout).toHaveBeenCalledTimes(1);
    expect(wrapper.text()).toBe('loggedOut:');
    expect(result.selfInfo.value).toBeUndefined();
    wrapper.unmount();
  });

  it('shows why it was kicked and logs in again on relogin()', async () => {
    const fake = createFakeSdk();
    const { wrapper, result } = mountWithSession(fake.options);
    await flushPromises();
    result.login({ userID: 'alice', userSig: 'sig-alice' });
    await flushPromises();

    fake.listener.onKickedOffline('multipleDevice');
    await flushPromises();
    expect(wrapper.text()).toBe('kicked:alice');
    expect(result.kickReason.value).toBe('multipleDevice');
    expect(fake.sdk.login).toHaveBeenCalledTimes(1);

    result.relogin();
    await flushPromises();
    expect(wrapper.text()).toBe('online:alice');
    expect(fake.sdk.login).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });

  it('shows the last error and repeats the failed step on retry()', async () => {
    const fake = createFakeSdk();
    fake.sdk.initSDK.mockResolvedValueOnce({ code: 6013, desc: 'not ready' });
    const { wrapper, result } = mountWithSession(fake.options);
    await flushPromises();
    expect(result.status.value).toBe('init');
    expect(result.error.value).toMatchObject({ code: 6013, source: 'sdk' });

    result.retry();
    await flushPromises();
    expect(fake.sdk.initSDK).toHaveBeenCalledTimes(2);
    expect(result.status.value).toBe('loggedOut');
    wrapper.unmount();
  });

  it('returns the session actor itself', () => {
    const { options } = createFakeSdk();
    const session = createSession(options);
    const { wrapper, result } = mountWithSession({ session });
    expect(result.session).toBe(session);
    wrapper.unmount();
  });

  it('hands out refs that cannot be written', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { wrapper, result } = mountWithSession();
    (result.status as Ref<string>).value = 'online';
    expect(result.status.value).toBe('init');
    expect(warn).toHaveBeenCalled();
    wrapper.unmount();
  });

  it('triggers a status watcher only when the status changes', async () => {
    const fake = createFakeSdk();
    const { wrapper, result } = mountWithSession(fake.options);
    const seen: string[] = [];
    watch(result.status, (status) => seen.push(status), { flush: 'sync' });
    await flushPromises();
    result.login({ userID: 'alice', userSig: 'sig-alice' });
    await flushPromises();

    fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alice' });
    fake.listener.onSelfInfoUpdated({ userID: 'alice', nickName: 'Alicia' });
    expect(seen).toEqual(['loggedOut', 'connecting', 'online']);
    wrapper.unmount();
  });

  it('stops listening when its effect scope is disposed', async () => {
    const { options } = createFakeSdk();
    const session = createSession(options).start();
    const listeners = trackListeners(session);
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const result = app.runWithContext(() => scope.run(() => useSession()))!;
    expect(listeners.open).toBe(1);
    await reach(session, 'loggedOut');
    expect(result.status.value).toBe('loggedOut');

    scope.stop();
    expect(listeners.open).toBe(0);
    session.send({ type: 'LOGIN', userID: 'alice', userSig: 'sig-alice' });
    await reach(session, 'online');
    expect(result.status.value).toBe('loggedOut');
    session.stop();
  });

  it('outside a provider, throws an error naming createSessionPlugin and provideSession', () => {
    expect(() => useSession()).toThrow(/createSessionPlugin.*provideSession/);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const Orphan = defineComponent({
      setup() {
        useSession();
        return () => null;
      },
    });
    expect(() => mount(Orphan)).toThrow(/useSession\(\).*createSessionPlugin.*provideSession/);
  });
});
