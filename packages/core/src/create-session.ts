import { type Actor, createActor, type InspectionEvent } from 'xstate';
import { sessionMachine } from './session.machine';
import type { SessionOptions } from './session.types';

/** A session: an XState actor of {@link sessionMachine}. */
export type SessionActor = Actor<typeof sessionMachine>;

const PORT_METHODS = ['initSDK', 'unInitSDK', 'login', 'logout'] as const;

/**
 * Creates an UNSTARTED session actor (call `.start()`, or hand it to a provider).
 * The app's own `LOGIN` event carries a UserSig: it is redacted from what `inspect` receives.
 *
 * @throws TypeError when `options.sdk` does not implement the SDK port.
 */
export function createSession(options: SessionOptions): SessionActor {
  const sdk = options?.sdk as unknown as Record<string, unknown> | undefined;
  const missing = PORT_METHODS.filter((name) => typeof sdk?.[name] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `imstate: options.sdk must implement the ImSdk port (missing: ${missing.join(', ')})`,
    );
  }
  const inspect = options.inspect;
  return createActor(sessionMachine, {
    input: options,
    ...(inspect && { inspect: (event: InspectionEvent) => inspect(redactInspection(event)) }),
  });
}

/** Removes the UserSig of LOGIN events from an inspection event, leaving everything else as it was. */
function redactInspection(inspection: InspectionEvent): InspectionEvent {
  if (!('event' in inspection)) return inspection;
  const event = inspection.event as { type?: unknown; userSig?: unknown };
  if (event?.type !== 'LOGIN' || event.userSig === undefined) return inspection;
  return { ...inspection, event: { ...event, userSig: '[redacted]' } } as InspectionEvent;
}
