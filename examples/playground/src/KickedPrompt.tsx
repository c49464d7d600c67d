import type { KickReason } from '@imstate/core';
import { useEffect, useId, useRef } from 'react';
import { type DeviceId, KICK_REASON_TEXT } from './simulation';

export interface KickedPromptProps {
  device: DeviceId;
  reason: KickReason;
  onRelogin(): void;
  onDismiss(): void;
}

/**
 * "Log in again?" after a kick. The session never logs in again by itself (two devices would kick each
 * other forever), so the user decides. Non-modal: the other device stays usable.
 */
export function KickedPrompt({ device, reason, onRelogin, onDismiss }: KickedPromptProps) {
  const id = useId();
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Take focus only from nowhere or from this device, never from what the user is doing elsewhere.
    const active = document.activeElement;
    const section = yes.current?.closest('section');
    if (!active || active === document.body || section?.contains(active)) yes.current?.focus();
  }, []);

  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      className="prompt"
    >
      <h3 id={`${id}-title`}>Log in again?</h3>
      <p id={`${id}-text`}>
        Device {device} was kicked: {KICK_REASON_TEXT[reason]}. Reason: <code>{reason}</code>.
      </p>
      <div className="buttons">
        <button type="button" ref={yes} onClick={onRelogin}>
          Yes
        </button>
        <button type="button" onClick={onDismiss}>
          Not now
        </button>
      </div>
    </div>
  );
}
