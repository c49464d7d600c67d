import type { ImSdkListener, KickReason, SelfInfo } from '@imstate/core';
import { jsonSafe } from '@imstate/core/bindings';
import type { TencentCloudChatModule } from './tencent-chat.types';

const NETWORK_ERROR = 2800; // NET_STATE_CHANGE 'disconnected' carries no code

/** What the event handlers read and tell: the adapter's listener and user right now, and the SDK's readiness. */
export interface HandlerTarget {
  listener(): ImSdkListener | undefined;
  userID(): string | undefined;
  ready(): void;
  notReady(): void;
}

/** One `on()` subscription: an event name of `TencentCloudChat.EVENT` and its handler. */
export type Subscription = [name: string, handler: (event: unknown) => void];

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
/** The event's `data`, or one field of it: `undefined` wherever an event comes without them. */
const dataOf = (event: unknown): unknown => (isObject(event) ? event.data : undefined);
const fieldOf = (event: unknown, name: string): unknown => {
  const data = dataOf(event);
  return isObject(data) ? data[name] : undefined;
};

/**
 * A plain copy of a profile as JSON holds it, the SDK's `nick` and `avatar` named `nickName` and `faceUrl`:
 * cycles, BigInts and functions are left out, so the session can always serialise it. Throws where reading the
 * profile throws (a hostile getter).
 */
const selfInfoOf = ({ nick, avatar, ...profile }: Record<string, unknown>) =>
  jsonSafe({ ...profile, nickName: nick, faceUrl: avatar }) as SelfInfo;

/**
 * The SDK events the adapter subscribes to, as listener callbacks. No handler throws into the SDK's emitter,
 * whatever the payload (none, `null`, not an array, `[null]`).
 */
export function subscriptions(
  { EVENT, TYPES }: Pick<TencentCloudChatModule, 'EVENT' | 'TYPES'>,
  target: HandlerTarget,
): Subscription[] {
  const kickReasons = new Map<unknown, KickReason>([
    [TYPES.KICKED_OUT_MULT_DEVICE, 'multipleDevice'],
    [TYPES.KICKED_OUT_MULT_ACCOUNT, 'multipleAccount'],
    [TYPES.KICKED_OUT_REST_API, 'restApi'],
  ]);
  const onNetStateChange = (event: unknown) => {
    const state = fieldOf(event, 'state');
    if (state === TYPES.NET_STATE_CONNECTING) target.listener()?.onConnecting();
    else if (state === TYPES.NET_STATE_CONNECTED) target.listener()?.onConnectSuccess();
    else if (state === TYPES.NET_STATE_DISCONNECTED) target.listener()?.onConnectFailed(NETWORK_ERROR, state);
  };
  // A kick is a kick even when the SDK does not say why.
  const onKickedOut = (event: unknown) => {
    const type = fieldOf(event, 'type');
    if (type === TYPES.KICKED_OUT_USERSIG_EXPIRED) target.listener()?.onUserSigExpired();
    else target.listener()?.onKickedOffline(kickReasons.get(type) ?? 'unknown');
  };
  const onProfileUpdated = (event: unknown) => {
    const profiles = dataOf(event);
    const userID = target.userID();
    if (!Array.isArray(profiles) || userID === undefined) return;
    // The SDK reports friends' profiles here too.
    for (const profile of profiles) {
      if (!isObject(profile) || profile.userID !== userID) continue;
      let info: SelfInfo;
      try {
        info = selfInfoOf(profile);
      } catch {
        continue; // A profile that cannot be read tells nothing.
      }
      target.listener()?.onSelfInfoUpdated(info);
    }
  };
  return [
    [EVENT.SDK_READY, target.ready],
    [EVENT.SDK_NOT_READY, target.notReady],
    [EVENT.NET_STATE_CHANGE, onNetStateChange],
    [EVENT.KICKED_OUT, onKickedOut],
    [EVENT.PROFILE_UPDATED, onProfileUpdated],
  ];
}
