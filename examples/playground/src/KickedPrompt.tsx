import type { KickReason } from '@imstate/core';
import { useEffect, useId, useRef } from 'react';
import { PANEL_NAMES, type PanelId } from './logbook';
import { KICK_REASON_TEXT } from './simulation';

export interface KickedPromptProps {
  panel: PanelId;
  reason: KickReason;
  onRelogin(): void;
  onDismiss(): void;
}

/**
 * "Log in again?" after a kick. The session never logs in again by itself (two devices would kick each
 * other forever), so the user decides. Non-modal: the other device stays usable.
 */
export function KickedPrompt({ panel, reason, onRelogin, onDismiss }: KickedPromptProps) {
  const id = useId();
  const yes = useRef<HTMLButtonElement>(null);
  // An alert dialog takes the focus: the kick needs an answer, and there is one prompt at a time (the newest kick).
  useEffect(() => yes.current?.focus(), []);

  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      className="prompt"
    >
      <h3 id={`${id}-title`}>Log in again?</h3>
      <p id={`${id}-text`}>
        {PANEL_NAMES[panel]} was kicked: {KICK_REASON_TEXT[reason]}. Reason: <code>{reason}</code>.
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
