import { fromSession, type SessionEmittedOf, type SessionObservables } from '@imstate/rxjs';
import { filter, map, type Observable } from 'rxjs';
import { session } from './core';

const { status$, events$, error$, selfInfo$, snapshot$ }: SessionObservables = fromSession(session);

export const kickReasons$: Observable<string> = events$.pipe(
  filter((event): event is SessionEmittedOf<'kicked'> => event.type === 'kicked'),
  map((event) => event.reason),
);
export const streams = [status$, error$, selfInfo$, snapshot$] as const;
