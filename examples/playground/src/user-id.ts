import { validateUserID } from '@imstate/core';

const MAX_BYTES = 32;
const ALLOWED = /^[A-Za-z0-9_-]$/;
const bytesOf = (text: string) => new TextEncoder().encode(text).length;

/** How a character reads in a message: visible, even when it is a space or an invisible one. */
function show(character: string): string {
  if (character === ' ') return 'space';
  const code = character.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return /\p{L}|\p{N}|\p{P}|\p{S}/u.test(character) ? `"${character}" (${hex})` : hex;
}

/**
 * Which of the IM service's UserID rules `userID` breaks, each as a short sentence ("33 bytes; at most 32",
 * "space is not allowed (character 3)"); empty when it is a valid UserID. The rules are core's `validateUserID`:
 * this only says which one, so a user can fix it. Nothing is trimmed: a space is a character like any other.
 */
export function explainUserID(userID: string): string[] {
  if (validateUserID(userID) === undefined) return [];
  if (userID === '') return ['empty: a User ID has 1 to 32 characters'];
  const problems: string[] = [];
  const bytes = bytesOf(userID);
  if (bytes > MAX_BYTES) problems.push(`${bytes} bytes; at most ${MAX_BYTES}`);
  const characters = [...userID];
  const at = characters.findIndex((character) => !ALLOWED.test(character));
  if (at !== -1) {
    const character = characters[at]!;
    const position = `character ${at + 1}`;
    const others = characters.filter((other, index) => index > at && !ALLOWED.test(other)).length;
    const more = others > 0 ? `, and ${others} more` : '';
    if (character === ' ') problems.push(`space is not allowed (${position}${more})`);
    else if (/\p{L}/u.test(character)) {
      problems.push(`${show(character)} is not allowed (${position}${more}): ASCII letters only`);
    } else {
      problems.push(`${show(character)} is not allowed (${position}${more}): only A–Z, a–z, 0–9, _ and -`);
    }
  }
  return problems;
}
