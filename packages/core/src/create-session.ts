import { type Actor, createActor } from 'xstate';
import { sessionMachine } from './session.machine';
import { sealLogin, settingsOf } from './session.runtime';
import { LOG_LEVELS, type SessionOptions } from './session.types';

/** A session: an XState actor of {@link sessionMachine}. */
export type SessionActor = Actor<typeof sessionMachine>;

const PORT_METHODS = ['initSDK', 'unInitSDK', 'login', 'logout'];

/**
 * Creates an UNSTARTED session actor (call `.start()`, or hand it to a provider).
 * Reads every option once: editing the options object afterwards changes nothing. Neither the UserSig of a `LOGIN`
 * sent here (see `sealLogin`) nor the SDK and the app's functions (see `settingsOf`) enter XState.
 *
 * @throws TypeError when `options.sdk` does not implement the SDK port, or `getUserSig`, `logLevel`, `sdkLogLevel`
 * or `tabs` is not one.
 */
export function createSession(options: SessionOptions): SessionActor {
  // One copy, each option read once: what is checked here is what the session runs with.
  const input: SessionOptions = { ...options };
  const { sdk, getUserSig, inspect } = input;
  for (const name of PORT_METHODS) {
    if (typeof (sdk as unknown as Record<string, unknown> | undefined)?.[name] !== 'function')
      refuse(`options.sdk.${name} is not a function`);
  }
  if (getUserSig !== undefined && typeof getUserSig !== 'function')
    refuse('options.getUserSig is not a function');
  for (const name of ['logLevel', 'sdkLogLevel'] as const) {
    if (input[name] !== undefined && !LOG_LEVELS.includes(input[name]))
      refuse(`options.${name} is not one of ${LOG_LEVELS.join(', ')}`);
  }
  if (input.tabs !== undefined && typeof input.tabs?.join !== 'function')
    refuse('options.tabs.join is not a function');
  const deliver = typeof inspect === 'function' ? inspect : inspect?.next?.bind(inspect);
  const session = createActor(sessionMachine, {
    input: settingsOf(input),
    inspect:
      deliver &&
      ((inspection) => {
        try {
          deliver(inspection);
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

function refuse(problem: string): never {
  throw new TypeError(`imstate: ${problem}`);
}
