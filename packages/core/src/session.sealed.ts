import type { SessionAppEvent, SessionOptions } from './session.types';
import { isUsableUserSig } from './session.validation';

type LoginEvent = Extract<SessionAppEvent, { type: 'LOGIN' }>;

/**
 * What `createSession` keeps out of XState, under the object XState gets in its place: the UserSig of a LOGIN event
 * (under the sealed copy), the SDK and the app's functions (under the plain settings that are the actor's input).
 */
const keptOutOfXState = new WeakMap<object, unknown>();

/**
 * A copy of a LOGIN event, each field read once, whose UserSig stays out of XState (its mailbox, inspection, the
 * development build's warnings): a usable one is replaced by `'[redacted]'` and kept for {@link userSigOf}.
 */
export function sealLogin({ userID, userSig }: LoginEvent): LoginEvent {
  const sealed = {
    type: 'LOGIN',
    userID,
    userSig: isUsableUserSig(userSig) ? '[redacted]' : undefined,
  } as const;
  keptOutOfXState.set(sealed, userSig);
  return sealed;
}

/** The UserSig a LOGIN brings: the one sealed away from it, or its own (an actor made without `createSession`). */
export const userSigOf = (event: LoginEvent): string | undefined =>
  (keptOutOfXState.get(event) as string | undefined) ?? event.userSig;

/**
 * The plain settings of `options`, for the actor's input (which XState hands to inspection): without the SDK, which
 * may hold a UserSig, the tab coordinator and the app's functions. {@link optionsOf} finds the whole options by them.
 */
export function settingsOf(options: SessionOptions): SessionOptions {
  const { sdk, getUserSig, logger, inspect, tabs, ...settings } = options;
  keptOutOfXState.set(settings, options);
  return settings as SessionOptions;
}

/** The whole options behind an actor's input: the input itself for an actor made without `createSession`. */
export const optionsOf = (input: SessionOptions): SessionOptions =>
  (keptOutOfXState.get(input) as SessionOptions | undefined) ?? input;
