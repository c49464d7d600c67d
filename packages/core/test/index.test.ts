import * as core from '@imstate/core';
import * as bindings from '@imstate/core/bindings';
import { describe, expect, it } from 'vitest';

describe('the public surface', () => {
  it('@imstate/core exports what an app calls, and nothing internal', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'EXPIRED_SIG_CODES',
        'ErrorCode',
        'LogLevel',
        'PERMANENT_LOGIN_CODES',
        'createSession',
        'decodeUserSig',
        'isValidSdkAppID',
        'selectIsOnline',
        'selectStatus',
        'selectSubstate',
        'selectTab',
        'sessionMachine',
        'validateUserID',
      ].sort(),
    );
  });

  it('@imstate/core/bindings exports what a framework binding needs besides', () => {
    expect(Object.keys(bindings).sort()).toEqual(
      [
        'frozenCopy',
        'isSameView',
        'isSessionActor',
        'isSessionStopped',
        'readonlySnapshot',
        'selectView',
        'sessionCommands',
        'subscribeSession',
      ].sort(),
    );
  });
});
