import * as core from '@imstate/core';
import * as binding from '@imstate/core/binding';
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

  it('@imstate/core/binding exports what a framework binding needs besides', () => {
    expect(Object.keys(binding).sort()).toEqual(
      [
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
