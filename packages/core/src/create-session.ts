import { type Actor, createActor, type InspectionEvent } from 'xstate';
import { sessionMachine } from './session.machine';
import type { SessionOptions } from './session.types';

/** A session: an XState actor of {@link sessionMachine}. */
export type SessionActor = Actor<typeof sessionMachine>;

const PORT_METHODS = ['initSDK', 'unInitSDK', 'login', 'logout'];

/**
 * Creates an UNSTARTED session actor (call `.start()`, or hand it to a provider).
 * The app's own `LOGIN` event carries a UserSig, and the options hold the SDK: `inspect` receives neither.
 *
 * @throws TypeError when `options.sdk` does not implement the SDK port.
 */
export function createSession(options: SessionOptions): SessionActor {
  const sdk = options?.sdk as unknown as Record<string, unknown> | undefined;
  for (const name of PORT_METHODS) {
    if (typeof sdk?.[name] !== 'function')
      throw new TypeError(`imstate: options.sdk.${name} is not a function`);
  }
  const { inspect } = options;
  const deliver = typeof inspect === 'function' ? inspect : inspect?.next?.bind(inspect);
  return createActor(sessionMachine, {
    input: options,
    inspect: deliver && ((inspection) => deliver(redact(inspection, options))),
  });
}

/**
 * Keeps secrets out of what `inspect` receives: the UserSig of the app's LOGIN events, and the options XState
 * puts in the `xstate.init` event (their `sdk` may hold a UserSig), of which only the plain settings remain.
 */
function redact(inspection: InspectionEvent, options: SessionOptions): InspectionEvent {
  const { event } = inspection as { event?: { type?: unknown; userSig?: unknown; input?: unknown } };
  if (event?.type === 'xstate.init' && event.input === options) {
    const { sdkAppID, logLevel, loginTimeoutMs, retry, sigRetry } = options;
    return {
      ...inspection,
      event: { ...event, input: { sdkAppID, logLevel, loginTimeoutMs, retry, sigRetry } },
    } as InspectionEvent;
  }
  return event?.type === 'LOGIN' && event.userSig !== undefined
    ? ({ ...inspection, event: { ...event, userSig: '[redacted]' } } as InspectionEvent)
    : inspection;
}
