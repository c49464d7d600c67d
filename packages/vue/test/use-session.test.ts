import { createSession, type SessionOptions } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach, trackListeners } from '@imstate/test-support/probes';
import {
  createSessionPlugin,
  type SessionPluginOptions,
  type UseSessionResult,
  useSession,
} from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, type Ref, watch } from 'vue';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const userSig = im.issueUserSig('alice');

/** A new device on the simulated service, with spies counting what the session asks of its SDK. */
function newDevice() {
  const sdk = im.createClient({ platform: 'web' });
  const options: SessionOptions = { sdk, sdkAppID: im.sdkAppID };
  return {
    options,
    initSDK: vi.spyOn(sdk, 'initSDK'),
    login: vi.spyOn(sdk, 'login'),
    logout: vi.spyOn(sdk, 'logout'),
  };
}

/** Mounts a component that hands its `useSession()` result to the test. */
function mountWithSession(options: SessionPluginOptions = newDevice().options) {
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
    const device = newDevice();
    const { wrapper, result } = mountWithSession(device.options);
    await flushPromises();

    result.login({ userID: 'alice', userSig });
    await flushPromises();
    expect(device.login).toHaveBeenCalledWith({ userID: 'alice', userSig });
    expect(wrapper.text()).toBe('online:alice');

    im.updateProfile('alice', { nickName: 'Alice' });
    await flushPromises();
    expect(result.selfInfo.value).toEqual({ userID: 'alice', nickName: 'Alice' });

    result.logout();
    await flushPromises();
    expect(device.logout).toHaveBeenCalledTimes(1);
    expect(wrapper.text()).toBe('loggedOut:');
    expect(result.selfInfo.value).toBeUndefined();
    wrapper.unmount();
  });

  it('shows why it was kicked and logs in again on relogin()', async () => {
    const device = newDevice();
    const { wrapper, result } = mountWithSession(device.options);
    await flushPromises();
    result.login({ userID: 'alice', userSig });
    await flushPromises();

    const otherDevice = createSession(newDevice().options).start();
    otherDevice.send({ type: 'LOGIN', userID: 'alice', userSig });
    await reach(result.session, 'kicked');
    await flushPromises();
    expect(wrapper.text()).toBe('kicked:alice');
    expect(result.kickReason.value).toBe('multipleAccount');
    expect(device.login).toHaveBeenCalledTimes(1);

    result.relogin();
    await flushPromises();
    expect(wrapper.text()).toBe('online:alice');
    expect(device.login).toHaveBeenCalledTimes(2);
    wrapper.unmount();
    otherDevice.stop();
  });

  it('shows the last error and repeats the failed step on retry()', async () => {
    const device = newDevice();
    // The simulator's initSDK fails only for an invalid SDKAppID, which the session never sends: script one.
    device.initSDK.mockResolvedValueOnce({ code: 6013, desc: 'not ready' });
    const { wrapper, result } = mountWithSession(device.options);
    await flushPromises();
    expect(result.status.value).toBe('init');
    expect(result.error.value).toMatchObject({ code: 6013, source: 'sdk' });

    result.retry();
    await flushPromises();
    expect(device.initSDK).toHaveBeenCalledTimes(2);
    expect(result.status.value).toBe('loggedOut');
    wrapper.unmount();
  });

  it('returns the session actor itself', () => {
    const session = createSession(newDevice().options);
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
    const { wrapper, result } = mountWithSession();
    const seen: string[] = [];
    watch(result.status, (status) => seen.push(status), { flush: 'sync' });
    await flushPromises();
    result.login({ userID: 'alice', userSig });
    await flushPromises();

    im.updateProfile('alice', { nickName: 'Alice' });
    im.updateProfile('alice', { nickName: 'Alicia' });
    await flushPromises();
    expect(result.selfInfo.value?.nickName).toBe('Alicia');
    expect(seen).toEqual(['loggedOut', 'connecting', 'online']);
    wrapper.unmount();
  });

  it('stops listening when its effect scope is disposed', async () => {
    const session = createSession(newDevice().options).start();
    const listeners = trackListeners(session);
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const result = app.runWithContext(() => scope.run(() => useSession()))!;
    expect(listeners.open).toBe(1);
    await reach(session, 'loggedOut');
    expect(result.status.value).toBe('loggedOut');

    scope.stop();
    expect(listeners.open).toBe(0);
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await reach(session, 'online');
    expect(result.status.value).toBe('loggedOut');
    session.stop();
  });

  it('hands out a profile that cannot be written, and the session keeps its own', async () => {
    const { wrapper, result } = mountWithSession();
    await flushPromises();
    result.login({ userID: 'alice', userSig });
    await flushPromises();
    im.updateProfile('alice', { nickName: 'Alice' });
    await flushPromises();
    const profile = result.selfInfo.value as { nickName?: string };
    expect(() => {
      profile.nickName = 'Mallory';
    }).toThrow(TypeError);
    expect(result.session.getSnapshot().context.selfInfo?.nickName).toBe('Alice');
    wrapper.unmount();
  });

  it('gives the view as one ref that narrows by status, with the tab role', async () => {
    const { wrapper, result } = mountWithSession();
    await flushPromises();
    expect(result.view.value).toMatchObject({ status: 'loggedOut', userID: undefined, tab: 'alone' });
    expect(result.tab.value).toBe('alone');
    result.login({ userID: 'alice', userSig });
    await flushPromises();
    const view = result.view.value;
    expect(view.status === 'online' && view.userID).toBe('alice');
    wrapper.unmount();
  });

  it('does not show a refused login’s user as logged in', async () => {
    const device = newDevice();
    device.login.mockResolvedValueOnce({ code: 70009, desc: 'bad signature' });
    const { wrapper, result } = mountWithSession(device.options);
    await flushPromises();
    result.login({ userID: 'carol', userSig });
    await flushPromises();
    expect(wrapper.text()).toBe('loggedOut:');
    expect(result.error.value?.code).toBe(70009);
    wrapper.unmount();
  });

  it('takes no listener on a session stopped before it started', () => {
    const session = createSession(newDevice().options);
    session.stop();
    const listeners = trackListeners(session);
    const { wrapper, result } = mountWithSession({ session });
    expect(result.status.value).toBe('init');
    expect(listeners.opened).toBe(0);
    wrapper.unmount();
  });

  it('lets go of a session stopped before it started', () => {
    const session = createSession(newDevice().options);
    const listeners = trackListeners(session);
    const { wrapper } = mountWithSession({ session });
    expect(listeners.open).toBe(1);
    session.stop();
    expect(listeners.open).toBe(0);
    wrapper.unmount();
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
