import type { SessionSnapshot } from '@imstate/core';
import { type Ref, shallowReadonly, shallowRef } from 'vue';
import { useSessionScope } from './session-scope';

/**
 * A read-only ref to `selector(snapshot)`, updated only when `compare` says the selected value
 * changed (`Object.is` by default), so watchers and templates that read it run only then.
 * Works in components, Pinia setup stores and `effectScope()`: it stops listening when its scope
 * is disposed.
 */
export function useSessionSelector<T>(
  selector: (snapshot: SessionSnapshot) => T,
  compare: (previous: T, next: T) => boolean = Object.is,
): Readonly<Ref<T>> {
  const { session, listen } = useSessionScope('useSessionSelector');
  const selected = shallowRef(selector(session.getSnapshot()));
  listen(() =>
    session.subscribe((snapshot) => {
      const next = selector(snapshot);
      if (!compare(selected.value, next)) selected.value = next;
    }),
  );
  return shallowReadonly(selected);
}
