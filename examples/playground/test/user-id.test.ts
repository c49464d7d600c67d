import { validateUserID } from '@imstate/core';
import { describe, expect, it } from 'vitest';
import { explainUserID } from '../src/user-id';

/** A small deterministic generator: the same strings on every run. */
function* samples(count: number) {
  const alphabet = ['a', 'Z', '0', '_', '-', ' ', '@', '.', 'é', 'ß', '中', '😀', '\t', '\u200b', 'x'];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let index = 0; index < count; index++) {
    const length = next() % 40;
    yield Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
  }
}

describe('explainUserID', () => {
  it("finds a problem exactly when core's validateUserID refuses the UserID", () => {
    for (const userID of samples(3000)) {
      expect(explainUserID(userID).length > 0, JSON.stringify(userID)).toBe(
        validateUserID(userID) !== undefined,
      );
    }
  });

  it('counts UTF-8 bytes, not characters, and names invisible characters by code point', () => {
    expect(explainUserID('中'.repeat(11))).toEqual([
      '33 bytes; at most 32',
      '"中" (U+4E2D) is not allowed (character 1, and 10 more): ASCII letters only',
    ]);
    expect(explainUserID('a\u200bb')).toEqual([
      'U+200B is not allowed (character 2): only A–Z, a–z, 0–9, _ and -',
    ]);
    expect(explainUserID('😀')).toEqual([
      '"😀" (U+1F600) is not allowed (character 1): only A–Z, a–z, 0–9, _ and -',
    ]);
  });
});
