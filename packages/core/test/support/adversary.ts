import type { ImResult } from '@imstate/core';
import {
  type Answer,
  createScriptedProvider,
  createScriptedSdk,
  type SdkCall,
  type SdkMethod,
} from '@imstate/test-support/scripted-sdk';

/**
 * The property tests' adversary: scripts for the one scripted SDK fake and its `getUserSig`, drawn by fast-check as
 * plain data (so a failing run prints and shrinks), in the fake's vocabulary — resolve, reject, throw, hold, never.
 */

/** How one SDK call answers. `hold` waits for a `settle` step. */
export type CallBehaviour =
  | { kind: 'resolve'; code: number }
  | { kind: 'reject'; code?: number }
  | { kind: 'throw' }
  | { kind: 'hold' }
  | { kind: 'never' };

/** How one `getUserSig` call answers: `fresh`, `blank` or `expired` (the UserSig that just expired) resolve. */
export type ProviderBehaviour =
  | { kind: 'fresh' }
  | { kind: 'blank' }
  | { kind: 'expired' }
  | { kind: 'throw' }
  | { kind: 'reject' }
  | { kind: 'hold' }
  | { kind: 'never' };

/** A held call's eventual answer. */
export type Settlement = { kind: 'resolve'; code: number } | { kind: 'reject'; code?: number };

/** A held provider call's eventual answer. */
export type ProviderSettlement = 'fresh' | 'blank' | 'expired' | 'reject';

export type { SdkMethod };

/** Each list is consumed call by call; once it runs out, every further call behaves like `afterwards`. */
export interface SdkScript {
  initSDK: CallBehaviour[];
  login: CallBehaviour[];
  logout: CallBehaviour[];
  provider: ProviderBehaviour[];
  afterwards: {
    initSDK: CallBehaviour;
    login: CallBehaviour;
    logout: CallBehaviour;
    provider: ProviderBehaviour;
  };
}

/** What the SDK and the provider see, for the invariants to check. */
export interface AdversaryHooks {
  /** Called at each `sdk.login`, before it answers, with the calls made so far. */
  onLogin(call: SdkCall, earlier: readonly SdkCall[]): void;
  /** Called at each `getUserSig`. */
  onProvider(reason: string): void;
}

/** Every UserSig this suite hands out contains this marker, so any leak is found by one search. */
export const SECRET_MARKER = 'SeCrEt';

const failure = (code: number | undefined, what: string) =>
  Object.assign(new Error(`${what} rejected`), code === undefined ? {} : { code });

const sdkAnswer = ({ kind, ...rest }: CallBehaviour | Settlement): Answer<ImResult> => {
  const code = (rest as { code?: number }).code;
  switch (kind) {
    case 'resolve':
      return { resolve: { code: code!, desc: code === 0 ? 'ok' : 'failed' } };
    case 'reject':
      return { reject: failure(code, 'sdk call') };
    case 'throw':
      return { throw: new Error('sdk call threw') };
    default:
      return kind;
  }
};

/**
 * An SDK and a UserSig provider that answer as a script says: success, failure codes, rejections, synchronous
 * throws, answers held for the test to give later, or no answer at all.
 */
export function createAdversarialSdk(script: SdkScript, hooks: AdversaryHooks) {
  let minted = 0;
  /** The UserSig the server last called expired (or the one a login last succeeded with). */
  let expiredUserSig: string | undefined;
  let liveUserSig: string | undefined;
  const mint = () => `${SECRET_MARKER}.fresh.${++minted}`;

  const fake = createScriptedSdk({
    initSDK: script.initSDK.map(sdkAnswer),
    login: script.login.map(sdkAnswer),
    logout: script.logout.map(sdkAnswer),
    otherwise: {
      initSDK: () => sdkAnswer(script.afterwards.initSDK),
      login: () => sdkAnswer(script.afterwards.login),
      logout: () => sdkAnswer(script.afterwards.logout),
    },
    onCall: (call, earlier) => {
      if (call.method === 'login') hooks.onLogin(call, earlier);
    },
  });
  // The service's view of the UserSigs: which one is live, which one it called expired.
  const login = fake.sdk.login;
  const sdk = {
    ...fake.sdk,
    login: (params: { userID: string; userSig: string }) => {
      const answered = login(params);
      answered.then(
        ({ code }) => {
          if (code === 0) liveUserSig = params.userSig;
          if (code === 70001) expiredUserSig = params.userSig;
        },
        () => {},
      );
      return answered;
    },
  };

  const providerAnswer = (kind: ProviderBehaviour['kind']): Answer<string> => {
    switch (kind) {
      case 'fresh':
        return { resolve: mint() };
      case 'blank':
        return { resolve: '  ' };
      case 'expired':
        return { resolve: expiredUserSig ?? liveUserSig ?? mint() };
      case 'throw':
        return { throw: new Error('getUserSig threw') };
      case 'reject':
        return { reject: new Error('getUserSig failed') };
      default:
        return kind;
    }
  };
  const provider = createScriptedProvider(
    script.provider.map(
      ({ kind }) =>
        () =>
          providerAnswer(kind),
    ),
    () => providerAnswer(script.afterwards.provider.kind),
    (call) => hooks.onProvider(call.reason),
  );

  /** The `pick`-th of `calls` (wrapping around), when there is any. */
  const pickFrom = <T>(calls: T[], pick: number): T | undefined => calls[pick % Math.max(1, calls.length)];

  return {
    sdk,
    getUserSig: provider.getUserSig,
    calls: fake.calls,
    get listener() {
      return fake.calls.some((call) => call.method === 'initSDK') ? fake.listener : undefined;
    },
    get unInitCalls() {
      return fake.sdk.unInitSDK.mock.calls.length;
    },
    /** The server reports the live UserSig expired (`onUserSigExpired`). */
    noteUserSigExpired() {
      expiredUserSig = liveUserSig ?? expiredUserSig;
    },
    /** Settles the `pick`-th held call of `method` still waiting, if any. */
    settle(method: SdkMethod, pick: number, settlement: Settlement) {
      const waiting = fake.calls.filter((call) => call.method === method && call.held && !call.settled);
      const call = pickFrom(waiting, pick);
      if (!call) return;
      const answer = sdkAnswer(settlement);
      if (typeof answer === 'object' && 'resolve' in answer) call.resolve(answer.resolve);
      else if (typeof answer === 'object' && 'reject' in answer) call.reject(answer.reject);
    },
    /** Answers the `pick`-th held provider call still waiting, if any. */
    answerProvider(pick: number, answer: ProviderSettlement) {
      const call = pickFrom(
        provider.calls.filter((made) => made.held && !made.settled),
        pick,
      );
      if (!call) return;
      const given = providerAnswer(answer);
      if (typeof given === 'object' && 'resolve' in given) call.resolve(given.resolve);
      else if (typeof given === 'object' && 'reject' in given) call.reject(given.reject);
    },
  };
}
