import { type SessionActor, selectStatus } from '@imstate/core';
import { createImServer } from '@imstate/simulator';
import { reach } from '@imstate/test-support/probes';
import { provideSession, useSession } from '@imstate/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { StatusLine } from './components';

const SDK_APP_ID = 1400000001;

it('two devices on one simulated service: the newer login kicks the older, which can log in again', async () => {
  const im = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'test-only-key' });
  const sessions: SessionActor[] = [];
  const Device = defineComponent({
    setup() {
      sessions.push(
        provideSession({
          sdk: im.createClient({ platform: 'web' }),
          sdkAppID: SDK_APP_ID,
          getUserSig: async (userID) => im.issueUserSig(userID, 3600),
        }),
      );
      return () => h('section', h(StatusLine));
    },
  });
  const wrapper = mount(() => [h(Device), h(Device)]);
  const [a, b] = sessions as [SessionActor, SessionActor];
  const shown = () => wrapper.findAll('p').map((p) => p.text());
  await reach(a, 'loggedOut');
  await reach(b, 'loggedOut');

  a.send({ type: 'LOGIN', userID: 'alice' });
  await reach(a, 'online');
  b.send({ type: 'LOGIN', userID: 'alice' });
  await reach(a, 'kicked');
  await reach(b, 'online');
  expect(shown()).toEqual(['kicked:alice', 'online:alice']);

  a.send({ type: 'RELOGIN' });
  await reach(b, 'kicked');
  await reach(a, 'online');
  expect(shown()).toEqual(['online:alice', 'kicked:alice']);
  expect(selectStatus(b.getSnapshot())).toBe('kicked');
  wrapper.unmount();
  expect(im.sessions()).toEqual([]);
});

it('useSession() reads the profile the service pushes', async () => {
  const im = createImServer({ sdkAppID: SDK_APP_ID, secretKey: 'test-only-key' });
  let session!: SessionActor;
  const App = defineComponent({
    setup() {
      session = provideSession({
        sdk: im.createClient(),
        sdkAppID: SDK_APP_ID,
        getUserSig: async (userID) => im.issueUserSig(userID, 3600),
      });
      return () => h(Profile);
    },
  });
  const Profile = defineComponent({
    setup() {
      const { selfInfo } = useSession();
      return () => h('p', selfInfo.value?.nickName ?? '');
    },
  });
  const wrapper = mount(App);
  await reach(session, 'loggedOut');
  session.send({ type: 'LOGIN', userID: 'alice' });
  await reach(session, 'online');

  im.updateProfile('alice', { nickName: 'Alice' });
  await flushPromises();
  expect(wrapper.text()).toBe('Alice');
  wrapper.unmount();
});
