import { Fragment, StrictMode } from 'react';

/** Every React suite runs twice: inside <StrictMode> (dev double effects) and without it. */
export const modes = [
  ['StrictMode', StrictMode],
  ['plain', Fragment],
] as const;
