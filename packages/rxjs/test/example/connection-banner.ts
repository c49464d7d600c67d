import { fromSession, type SessionActor, type SessionSubstate, selectSubstate } from '@imstate/rxjs';
import { distinctUntilChanged, map, type Observable } from 'rxjs';

/** `SessionSubstate` is the union of the machine's state paths: a misspelt one does not compile. */
function bannerText(substate: SessionSubstate): string | null {
  if (substate === 'connecting.reconnecting') return 'Reconnecting…';
  if (substate === 'connecting.offline')
    return 'You are offline. We will reconnect when the network is back.';
  if (substate === 'connecting.retrying') return 'Could not reach the chat service. Trying again…';
  if (substate.startsWith('sigExpired')) return 'Your sign-in expired. Renewing it…';
  return null;
}

/** The text of a connection banner, or `null` when there is nothing to say; emits only when it changes. */
export function connectionBanner$(session: SessionActor): Observable<string | null> {
  return fromSession(session).snapshot$.pipe(map(selectSubstate), map(bannerText), distinctUntilChanged());
}
