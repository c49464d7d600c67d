import type { SessionSnapshot } from '@imstate/core';
import { useSelector } from '@xstate/react';
import { useSessionActor } from './session-context';

/**
 * Reads one value from the session's snapshot. The component renders again only when the selected
 * value changes: by `===`, or by `compare` when given (e.g. `shallowEqual` from `@xstate/react`).
 *
 * @example
 * const status = useSessionSelector(selectStatus);
 */
export function useSessionSelector<T>(
  selector: (snapshot: SessionSnapshot) => T,
  compare?: (a: T, b: T) => boolean,
): T {
  return useSelector(useSessionActor('useSessionSelector'), selector, compare);
}
