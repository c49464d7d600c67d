import {
  createSession,
  fromSession,
  type KickReason,
  type SelfInfo,
  type SessionEmitted,
  type SessionError,
  type SessionErrorCode,
  type SessionObservables,
  type SessionSnapshot,
  type SessionStatus,
  type SessionSubstate,
  type SessionView,
  selectSubstate,
  type TabRole,
} from '@imstate/rxjs';
import { map, type Observable } from 'rxjs';
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
  expectTypeOf(observables.view$).toEqualTypeOf<Observable<SessionView>>();
  expectTypeOf(observables.tab$).toEqualTypeOf<Observable<TabRole>>();
});

test('view$ narrows by status', () => {
  fromSession(createSession(options)).view$.subscribe((view) => {
    if (view.status === 'online') expectTypeOf(view.userID).toEqualTypeOf<string>();
    if (view.status === 'kicked') expectTypeOf(view.kickReason).toEqualTypeOf<KickReason>();
    if (view.status === 'loggedOut') expectTypeOf(view.userID).toEqualTypeOf<undefined>();
    const code = view.error?.code;
    expectTypeOf(code).toEqualTypeOf<SessionErrorCode | number | undefined>();
    // @ts-expect-error a misspelt error code does not compile
    if (code === 'LOGIN_TIME_OUT') return;
  });
});

test('substates are the machine’s state paths', () => {
  fromSession(createSession(options))
    .snapshot$.pipe(map(selectSubstate))
    .subscribe((substate) => {
      expectTypeOf(substate).toEqualTypeOf<SessionSubstate>();
      // @ts-expect-error a misspelt substate does not compile
      if (substate === 'connecting.ofline') return;
    });
});

test('fromSession takes a session actor, not options', () => {
  // @ts-expect-error pass createSession(options), not the options
  fromSession(options);
});
