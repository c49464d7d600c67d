import { type ButtonHTMLAttributes, type Ref, useId } from 'react';

export interface CommandProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  /** Why the button is disabled; enabled without one. */
  disabledBecause?: string | undefined;
  ref?: Ref<HTMLButtonElement>;
}

/** A button that is disabled while its command would be ignored, and says why on hover and keyboard focus nearby. */
export function Command({ disabledBecause, children, ...button }: CommandProps) {
  const id = useId();
  return (
    <span className="command">
      <button
        type="button"
        {...button}
        disabled={disabledBecause !== undefined}
        aria-describedby={disabledBecause === undefined ? button['aria-describedby'] : id}
      >
        {children}
      </button>
      {disabledBecause !== undefined && (
        <span role="tooltip" id={id} className="reason">
          {disabledBecause}
        </span>
      )}
    </span>
  );
}
