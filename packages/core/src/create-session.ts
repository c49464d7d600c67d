import { type Actor, createActor, type InspectionEvent } from 'xstate';
import { sessionMachine } from './session.machine';
import { hasRuntime, sealLogin } from './session.runtime';
import type { SessionOptions } from './session.types';
import { LOG_LEVELS } from './session.validation';

/** A session: an XState actor of {@link sessionMachine}. */
export type SessionActor = Actor<typeof sessionMachine>;

const PORT_METHODS = ['initSDK', 'unInitSDK', 'login', 'logout'];

/**
 * Creates an UNSTARTED session actor (call `.start()`, or hand it to a provider).
 * Reads every option once: editing the options object afterwards changes nothing. The UserSig of a `LOGIN` sent
 * here never enters XState (see {@link sealLogin}), and `inspect` never receives the SDK.
 *
 * @throws TypeError when `options.sdk` does not implement the SDK port, or `getUserSig`, `logLevel` or `tabs` is not one.
 */
export function createSession(options: SessionOptions): SessionActor {
  // One copy, each option read once: what is checked here is what the session runs with.
  const input: SessionOptions = { ...options };
  const { sdk, getUserSig, logLevel, inspect, tabs } = input;
  for (const name of PORT_METHODS) {
    if (typeof (sdk as unknown as Record<string, unknown> | undefined)?.[name] !== 'function')
      refuse(`options.sdk.${name} is not a function`);
  }
  if (getUserSig !== undefined && typeof getUserSig !== 'function')
    refuse('options.getUserSig is not a function');
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel))
    refuse(`options.logLevel is not one of ${LOG_LEVELS.join(', ')}`);
  if (tabs !== undefined && typeof tabs?.join !== 'function') refuse('options.tabs.join is not a function');
  const deliver = typeof inspect === 'function' ? inspect : inspect?.next?.bind(inspect);
  const session = createActor(sessionMachine, {
    input,
    inspect:
      deliver &&
      ((inspection) => {
        try {
          deliver(redact(inspection, input));
        } catch {
          // A throwing inspector must not break the session (nor lose the event being sent).
        }
      }),
  });
  // XState fails the whole actor on an event without a type: refuse it here, and the session carries on.
  const send = session.send.bind(session);
  session.send = (event) => {
    if (typeof event?.type !== 'string') refuse('session.send() takes an event object with a string type');
    send(event.type === 'LOGIN' ? sealLogin(event) : event);
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
 * Keeps the SDK and the app's callbacks out of what `inspect` receives: of the options XState puts in the
 * `xstate.init` event (an SDK may hold a UserSig), only the plain settings remain.
 */
function redact(inspection: InspectionEvent, input: SessionOptions): InspectionEvent {
  const { event } = inspection as { event?: { type?: unknown; input?: unknown } };
  if (event?.type !== 'xstate.init' || event.input !== input) return inspection;
  const { sdkAppID, logLevel, loginTimeoutMs, retry, sigRetry } = input;
  return {
    ...inspection,
    event: { ...event, input: { sdkAppID, logLevel, loginTimeoutMs, retry, sigRetry } },
  } as InspectionEvent;
}
