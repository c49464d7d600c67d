import type { SessionView } from '@imstate/core';
import {
  isSameView,
  type SessionCommands,
  selectView,
  sessionCommands,
  subscribeSession,
} from '@imstate/core/bindings';
import { computed, type Ref, shallowRef } from 'vue';
import { useSessionScope } from './session-scope';

/**
 * What `useSession()` reads from the session, as read-only refs over frozen data: `view` (the whole view, which
 * narrows by `status`: `view.value.status === 'online'` ⇒ `view.value.userID: string`) and one ref per field
 * (`status`, `userID`, `selfInfo`, `error`, `kickReason`, `tab`), for destructuring.
 */
export type SessionRefs = { readonly [K in keyof SessionView]: Readonly<Ref<SessionView[K]>> } & {
  /** The session's view; checking `view.value.status` narrows the other fields. */
  readonly view: Readonly<Ref<SessionView>>;
};

/** What `useSession()` lets the app do. */
export type SessionActions = SessionCommands;

/** The result of `useSession()`: destructure it freely, every value is a ref or a function. */
export type UseSessionResult = SessionRefs & SessionActions;

/**
 * The session's status, user, profile, last error, kick reason and tab role as read-only refs, with the
 * actions an app needs. Each ref triggers its watchers only when its own value changes; the data is frozen, so
 * writing to it never reaches the session.
 */
export function useSession(): UseSessionResult {
  const { session, listen } = useSessionScope('useSession');
  const view = shallowRef(selectView(session.getSnapshot()));
  listen(() =>
    subscribeSession(session, {
      next: (snapshot) => {
        const next = selectView(snapshot);
        if (!isSameView(view.value, next)) view.value = next;
      },
    }),
  );
  // A computed ref notifies its readers only when its value changes, so one subscription serves them all.
  const read = <K extends keyof SessionView>(field: K) => computed(() => view.value[field]);
  return {
    view: computed(() => view.value),
    status: read('status'),
    userID: read('userID'),
    selfInfo: read('selfInfo'),
    error: read('error'),
    kickReason: read('kickReason'),
    tab: read('tab'),
    ...sessionCommands(session),
  };
}
