import { useSession } from '@imstate/vue';
import { defineComponent, h } from 'vue';

/** Renders `status:userID`, the way an app's header would. */
export const StatusLine = defineComponent({
  name: 'StatusLine',
  setup() {
    const { status, userID } = useSession();
    return () => h('p', { role: 'status' }, `${status.value}:${userID.value ?? ''}`);
  },
});
