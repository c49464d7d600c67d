import { createSession, type SessionOptions, type SessionSnapshot, selectStatus } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach, trackListeners } from '@imstate/test-support/probes';
import { createSessionPlugin, useSessionSelector } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick, type Ref, watch } from 'vue';

const im = createImServer({ sdkAppID: 1400000001, secretKey: 'test-only-key' });
const userSig = im.issueUserSig('alice');
const newDevice = (): SessionOptions => ({
  sdk: im.createClient({ platform: 'web' }),
  sdkAppID: im.sdkAppID,
});

describe('useSessionSelector()', () => {
  it('renders a component that reads only the status again only when the status changes', async () => {
    const session = createSession(newDevice());
    const render = vi.fn((status: string) => h('p', status));
    const Status = defineComponent({
      setup() {
        const status = useSessionSelector(selectStatus);
        return () => render(status.value);
      },
    });
    const wrapper = mount(Status, { global: { plugins: [createSessionPlugin({ session })] } });
    session.start();
    await flushPromises();
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await nextTick();
    await flushPromises();
    im.updateProfile('alice', { nickName: 'Alice' });
    await flushPromises();
    im.updateProfile('alice', { nickName: 'Alicia' });
    await flushPromises();

    expect(render.mock.calls.map(([status]) => status)).toEqual([
      'init',
      'loggedOut',
      'connecting',
      'online',
    ]);
    wrapper.unmount();
    session.stop();
  });

  it('updates only when compare says the selected value changed', async () => {
    const session = createSession(newDevice()).start();
    await reach(session, 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await reach(session, 'online');
    const byNickName = (a?: { nickName?: string }, b?: { nickName?: string }) => a?.nickName === b?.nickName;
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const selfInfo = app.runWithContext(() =>
      scope.run(() => useSessionSelector((s: SessionSnapshot) => s.context.selfInfo, byNickName)),
    )!;

    const changes = vi.fn();
    scope.run(() => watch(selfInfo, changes, { flush: 'sync' }));
    im.updateProfile('alice', { nickName: 'Alice' });
    await flushPromises();
    const first = selfInfo.value;
    im.updateProfile('alice', { faceUrl: 'https://example.com/a.png' });
    await flushPromises();
    expect(session.getSnapshot().context.selfInfo?.faceUrl).toBe('https://example.com/a.png');
    expect(selfInfo.value).toBe(first);
    im.updateProfile('alice', { nickName: 'Alicia' });
    await flushPromises();
    expect(selfInfo.value?.nickName).toBe('Alicia');
    expect(changes).toHaveBeenCalledTimes(2);
    scope.stop();
    session.stop();
  });

  it('works in an effectScope (as in a Pinia store) and stops listening when it is disposed', async () => {
    const session = createSession(newDevice()).start();
    const listeners = trackListeners(session);
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const status = app.runWithContext(() => scope.run(() => useSessionSelector(selectStatus)))!;
    expect(listeners.open).toBe(1);
    await reach(session, 'loggedOut');
    expect(status.value).toBe('loggedOut');

    scope.stop();
    expect(listeners.open).toBe(0);
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await reach(session, 'online');
    expect(status.value).toBe('loggedOut');
    session.stop();
  });

  it('hands out a ref that cannot be written', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const app = createApp({ render: () => null }).use(createSessionPlugin(newDevice()));
    const scope = effectScope();
    const status = app.runWithContext(() => scope.run(() => useSessionSelector(selectStatus)))!;
    (status as Ref<string>).value = 'online';
    expect(status.value).toBe('init');
    expect(warn).toHaveBeenCalled();
    scope.stop();
  });

  it('outside a provider, throws an error naming createSessionPlugin and provideSession', () => {
    expect(() => useSessionSelector(selectStatus)).toThrow(
      /useSessionSelector\(\).*createSessionPlugin.*provideSession/,
    );
  });

  it('hands out data that cannot be written to the session', async () => {
    const session = createSession(newDevice()).start();
    await reach(session, 'loggedOut');
    session.send({ type: 'LOGIN', userID: 'alice', userSig });
    await reach(session, 'online');
    const app = createApp({ render: () => null }).use(createSessionPlugin({ session }));
    const scope = effectScope();
    const context = app.runWithContext(() => scope.run(() => useSessionSelector((s) => s.context)))!;
    expect(() => Object.assign(context.value, { userID: 'mallory' })).toThrow(TypeError);
    expect(session.getSnapshot().context.userID).toBe('alice');
    scope.stop();
    session.stop();
  });
});
