import { selectSubstate } from '@imstate/core';
import {
  createSessionPlugin,
  provideSession,
  type SessionOptions,
  useSession,
  useSessionEvent,
  useSessionSelector,
} from '@imstate/vue';
import { type ComputedRef, computed, createApp, defineComponent, h } from 'vue';
import Account from './Account.vue';
import { simulatedSdk } from './simulator';

const options: SessionOptions = { sdk: simulatedSdk, sdkAppID: 1400000001 };

/** A second device in the same page: its own session, from `provideSession`. */
const OtherDevice = defineComponent({
  setup() {
    provideSession({ sdk: simulatedSdk, sdkAppID: 1400000001 });
    const { status } = useSession();
    const substate = useSessionSelector(selectSubstate);
    useSessionEvent('online', () => console.info('online'));
    const line: ComputedRef<string> = computed(() => `${status.value} (${substate.value})`);
    return () => h('p', line.value);
  },
});

createApp({ render: () => [h(Account), h(OtherDevice)] })
  .use(createSessionPlugin(options))
  .mount('#app');
