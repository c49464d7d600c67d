import {
  createSession,
  type SelfInfo,
  type SessionEmitted,
  type SessionError,
  type SessionSnapshot,
  type SessionStatus,
} from '@imstate/core';
import { fromSession, type SessionObservables } from '@imstate/rxjs';
import type { Observable } from 'rxjs';
import { expectTypeOf, test } from 'vitest';

declare const options: Parameters<typeof createSession>[0];

test('fromSession gives typed observables', () => {
  const observables = fromSession(createSession(options));
  expectTypeOf(observables).toEqualTypeOf<SessionObservables>();
  expectTypeOf(observables.snapshot$).toEqualTypeOf<Observable<SessionSnapshot>>();
  expectTypeOf(observables.status$).toEqualTypeOf<Observable<SessionStatus>>();
  expectTypeOf(observables.selfInfo$).toEqualTypeOf<Observable<SelfInfo | undefined>>();
  expectTypeOf(observables.error$).toEqualTypeOf<Observable<SessionError | undefined>>();
  expectTypeOf(observables.events$).toEqualTypeOf<Observable<SessionEmitted>>();
});

test('fromSession takes a session actor, not options', () => {
  // @ts-expect-error pass createSession(options), not the options
  fromSession(options);
});
