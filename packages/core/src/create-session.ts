import { type Actor, createActor, type InspectionEvent } from 'xstate';
import { sessionMachine } from './session.machine';
import { hasRuntime } from './session.runtime';
import type { SessionOptions } from './session.types';
import { LOG_LEVELS } from './session.validation';

/** A session: an XState actor of {@link sessionMachine}. */
export type SessionActor = Actor<typeof sessionMachine>;

const PORT_METHODS = ['initSDK', 'unInitSDK', 'login', 'logout'];

/**
 * Creates an UNSTARTED session actor (call `.start()`, or hand it to a provider).
 * The app's own `LOGIN` event carries a UserSig, and the options hold the SDK: `inspect` receives neither.
 *
 * @throws TypeError when `options.sdk` does not implement the SDK port, or `getUserSig` or `logLevel` is not one.
 */
export function createSession(options: SessionOptions): SessionActor {
  const sdk = options?.sdk as unknown as Record<string, unknown> | undefined;
  for (const name of PORT_METHODS) {
    if (typeof sdk?.[name] !== 'function') refuse(`options.sdk.${name} is not a function`);
  }
  const { getUserSig, logLevel, inspect } = options;
  if (getUserSig !== undefined && typeof getUserSig !== 'function')
    refuse('options.getUserSig is not a function');
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel))
    refuse(`options.logLevel is not one of ${LOG_LEVELS.join(', ')}`);
  const deliver = typeof inspect === 'function' ? inspect : inspect?.next?.bind(inspect);
  const session = createActor(sessionMachine, {
    input: options,
    inspect:
      deliver &&
      ((inspection) => {
        try {
          deliver(redact(inspection, options));
        } catch {
          // A throwing inspector must not break the session (nor lose the event being sent).
        }
      }),
  });
  // XState fails the whole actor on an event without a type: refuse it here, and the session carries on.
  const send = session.send.bind(session);
  session.send = (event) => {
    if (typeof event?.type !== 'string') refuse('session.send() takes an event object with a string type');
    send(event);
  };
  return session;
}

/**
 * Whether `value` is a session actor: one of {@link sessionMachine}, made by `createSession` or `createActor`.
 * Bindings use it to refuse anything else where it is passed.
 */
export function isSessionActor(value: unknown): value is SessionActor {
  return hasRuntime(value);
}

function refuse(problem: string): never {
  throw new TypeError(`imstate: ${problem}`);
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
