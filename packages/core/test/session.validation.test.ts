import { isValidSdkAppID, validateUserID } from '@imstate/core';
import { describe, expect, it } from 'vitest';

describe('validateUserID (R3)', () => {
  it.each(['a', 'alice', 'Alice_01', 'user-42', '0123456789', '_-_', 'a'.repeat(32)])(
    'accepts %j',
    (userID) => {
      expect(validateUserID(userID)).toBeUndefined();
    },
  );

  it.each([
    ['empty', ''],
    ['33 bytes long', 'a'.repeat(33)],
    ['far too long', 'a'.repeat(1000)],
    ['with a space', 'al ice'],
    ['with a leading space', ' alice'],
    ['with punctuation', 'alice!'],
    ['with an @', 'a@b'],
    ['with a dot', 'a.b'],
    ['with a plus', 'a+b'],
    ['with a tab', 'a\tb'],
    ['with an accented letter', 'josé'],
    ['in Chinese', '用户'],
    ['with an emoji', 'alice🙂'],
    ['with a full-width digit', 'user１'],
  ])('rejects a userID %s with INVALID_USER_ID (source validation)', (_, userID) => {
    expect(validateUserID(userID)).toMatchObject({
      code: 'INVALID_USER_ID',
      source: 'validation',
      message: expect.any(String),
    });
  });

  it.each([undefined, null, 42, {}, ['alice']])('rejects a non-string userID (%j)', (userID) => {
    expect(validateUserID(userID as never)).toMatchObject({ code: 'INVALID_USER_ID' });
  });

  it('measures length in UTF-8 bytes: 32 ASCII characters pass, 11 three-byte characters (33 bytes) do not', () => {
    expect(validateUserID('x'.repeat(32))).toBeUndefined();
    expect(validateUserID('用'.repeat(11))).toMatchObject({ code: 'INVALID_USER_ID' });
  });

  it('explains the problem in its message', () => {
    expect(validateUserID('')?.message).not.toBe('');
    expect(validateUserID('a'.repeat(33))?.message).toMatch(/32/);
  });
});

describe('isValidSdkAppID (R2)', () => {
  it.each([1, 1400000001, Number.MAX_SAFE_INTEGER])('accepts %s', (sdkAppID) => {
    expect(isValidSdkAppID(sdkAppID)).toBe(true);
  });

  it.each([
    0,
    -0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    '123',
    '1400000001',
    undefined,
    null,
    {},
  ])('rejects %s', (sdkAppID) => {
    expect(isValidSdkAppID(sdkAppID as never)).toBe(false);
  });
});
