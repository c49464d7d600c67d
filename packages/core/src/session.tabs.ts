import { fromCallback } from 'xstate';
import { runtimeOf } from './session.runtime';
import type { TabCommand, TabEvent } from './session.types';

/**
 * Lives as long as the session, which spawns it only when `tabs` is given: joins the app's tabs, hands the
 * machine's commands to the coordinator and its events to the machine, and leaves when the session stops. A tab
 * lets go of the login only once its SDK calls have settled, so two tabs' logins never overlap.
 */
export const tabBridge = fromCallback<TabCommand, unknown, TabEvent>(({ self, sendBack, receive }) => {
  const runtime = runtimeOf(self._parent!);
  const stopped = new AbortController();
  // The command comes with the transition that sends it; the SDK call that transition starts (a LOGOUT's
  // `sdk.logout()`) begins once it is taken, before a microtask runs: wait for that call too.
  const settled = () => Promise.resolve().then(() => runtime.gate.settled(stopped.signal));
  let alone = false;
  // T9: a tab that cannot coordinate (no Web Locks or BroadcastChannel, or a lock manager that refuses, as in an
  // opaque origin) acts alone, and says so once.
  const report = (event: TabEvent) => {
    if (event.type === 'TAB.ROLE' && event.role === 'alone' && !alone) {
      alone = true;
      runtime.log(
        'warn',
        'tabs: Web Locks or BroadcastChannel missing or refused here, so this tab acts alone',
      );
    }
    sendBack(event);
  };
  const link = runtime.tabs!.join(report, settled);
  if (!link) return report({ type: 'TAB.ROLE', role: 'alone' });
  receive(link);
  return () => {
    stopped.abort();
    link({ type: 'leave' });
  };
});
