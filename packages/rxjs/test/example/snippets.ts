// Short snippets shown in docs/rxjs.md, kept here so the typecheck compiles them.
import { type SessionActor, selectSubstate } from '@imstate/core';
import { fromSession } from '@imstate/rxjs';
import { distinctUntilChanged, filter, map } from 'rxjs';
import { whenOnline } from './online';

declare const session: SessionActor;
declare const chat: { sendMessage(text: string): Promise<void> };

export function observing() {
  // #region from-session
  const { snapshot$, view$, status$, selfInfo$, error$, tab$, events$ } = fromSession(session);
  // #endregion
  return { snapshot$, view$, status$, selfInfo$, error$, tab$, events$ };
}

export function deriving() {
  // #region derive
  const substate$ = fromSession(session).snapshot$.pipe(map(selectSubstate), distinctUntilChanged());
  const kicked$ = fromSession(session).events$.pipe(filter((event) => event.type === 'kicked'));
  // #endregion
  return { substate$, kicked$ };
}

export async function sending(text: string) {
  // #region when-online
  await whenOnline(session);
  await chat.sendMessage(text);
  // #endregion
}
