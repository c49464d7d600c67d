import { type SessionActor, type SessionEmittedType, selectSubstate } from '@imstate/core';
import { useEffect } from 'react';
import { describeEmitted, type Log } from './event-log';
import type { DeviceId } from './simulation';

const EMITTED: readonly SessionEmittedType[] = ['online', 'kicked', 'sigExpired', 'loggedOut', 'error'];

// The last substate logged per session, so re-subscribing (StrictMode, re-renders) never logs it twice.
const lastLogged = new WeakMap<SessionActor, string>();

/** Writes every state change and every emitted event of `session` to the event log. */
export function useSessionLog(session: SessionActor, device: DeviceId, log: Log): void {
  useEffect(() => {
    const logState = () => {
      const substate = selectSubstate(session.getSnapshot());
      if (lastLogged.get(session) === substate) return;
      lastLogged.set(session, substate);
      log(device, 'state', substate);
    };
    logState();
    // A subscription sees every snapshot, even those React would batch into one render.
    const subscriptions = [
      session.subscribe({ next: logState, error: () => {} }),
      ...EMITTED.map((type) => session.on(type, (event) => log(device, 'emitted', describeEmitted(event)))),
    ];
    return () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  }, [session, device, log]);
}
