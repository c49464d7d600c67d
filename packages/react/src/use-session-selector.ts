import type { SessionSnapshot } from '@imstate/core';
import { readonlySnapshot } from '@imstate/core/bindings';
import { useSelector } from '@xstate/react';
import { useSessionActor } from './session-context';

/**
 * Reads one value from the session's snapshot. The component renders again only when the selected
 * value changes: by `===`, or by `compare` when given (e.g. `shallowEqual` from `@xstate/react`).
 * The snapshot's context is frozen: what the selector hands out never writes through to the session.
 *
 * @example
 * const status = useSessionSelector(selectStatus);
 */
export function useSessionSelector<T>(
  selector: (snapshot: SessionSnapshot) => T,
  compare?: (a: T, b: T) => boolean,
): T {
  return useSelector(
    useSessionActor('useSessionSelector'),
    (snapshot) => selector(readonlySnapshot(snapshot)),
    compare,
  );
}
