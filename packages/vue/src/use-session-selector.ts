import type { SessionSnapshot } from '@imstate/core';
import { readonlySnapshot, subscribeSession } from '@imstate/core/bindings';
import { type DeepReadonly, type Ref, shallowReadonly, shallowRef } from 'vue';
import { useSessionScope } from './session-scope';

/**
 * A read-only ref to `selector(snapshot)`, updated only when `compare` says the selected value
 * changed (`Object.is` by default), so watchers and templates that read it run only then.
 * The snapshot's context is frozen, so what the selector hands out never writes through to the session.
 * Works in components, Pinia setup stores and `effectScope()`: it stops listening when its scope
 * is disposed.
 */
export function useSessionSelector<T>(
  selector: (snapshot: SessionSnapshot) => T,
  compare: (previous: T, next: T) => boolean = Object.is,
): Readonly<Ref<DeepReadonly<T>>> {
  const { session, listen } = useSessionScope('useSessionSelector');
  const select = (snapshot: SessionSnapshot) => selector(readonlySnapshot(snapshot));
  const selected = shallowRef(select(session.getSnapshot()));
  listen(() =>
    subscribeSession(session, {
      next: (snapshot) => {
        const next = select(snapshot);
        if (!compare(selected.value, next)) selected.value = next;
      },
    }),
  );
  return shallowReadonly(selected) as Readonly<Ref<DeepReadonly<T>>>;
}
