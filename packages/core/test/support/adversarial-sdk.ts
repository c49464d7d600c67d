import type { ImResult, ImSdk, ImSdkListener } from '@imstate/core';

/** How one SDK call answers. `hold` waits for a `settle` step; `never` never settles. */
export type CallBehaviour =
  | { kind: 'resolve'; code: number }
  | { kind: 'reject'; code?: number }
  | { kind: 'throw' }
  | { kind: 'hold' }
  | { kind: 'never' };

/** How one `getUserSig` call answers. `expired` hands back the UserSig that just expired. */
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

export type SdkMethod = 'initSDK' | 'login' | 'logout';

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

/** One SDK call as the test saw it. */
export interface SdkCall {
  method: SdkMethod;
  startedAt: number;
  settled: boolean;
  userSig?: string;
  settle?: (settlement: Settlement) => void;
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

/**
 * An SDK and a UserSig provider that answer as a script says: success, failure codes, rejections,
 * synchronous throws, answers held for the test to give later, or no answer at all.
 */
export function createAdversarialSdk(script: SdkScript, hooks: AdversaryHooks) {
  const calls: SdkCall[] = [];
  const heldAnswers: { settle(answer: ProviderSettlement): void; settled: boolean }[] = [];
  const queues = {
    initSDK: [...script.initSDK],
    login: [...script.login],
    logout: [...script.logout],
    provider: [...script.provider],
  };
  let listener: ImSdkListener | undefined;
  let minted = 0;
  let unInitCalls = 0;
  /** The UserSig the server last called expired (or the one a login last succeeded with). */
  let expiredUserSig: string | undefined;
  let liveUserSig: string | undefined;

  const mint = () => `${SECRET_MARKER}.fresh.${++minted}`;

  const answer = (call: SdkCall, behaviour: CallBehaviour): Promise<ImResult> => {
    const finish = (settlement: Settlement): Promise<ImResult> => {
      if (call.method === 'login' && settlement.kind === 'resolve') {
        if (settlement.code === 0) liveUserSig = call.userSig;
        if (settlement.code === 70001) expiredUserSig = call.userSig;
      }
      return settlement.kind === 'resolve'
        ? Promise.resolve({ code: settlement.code, desc: settlement.code === 0 ? 'ok' : 'failed' })
        : Promise.reject(failure(settlement.code, `sdk.${call.method}`));
    };
    switch (behaviour.kind) {
      case 'throw':
        call.settled = true;
        throw new Error(`sdk.${call.method} threw`);
      case 'never':
        return new Promise(() => {});
      case 'hold':
        return new Promise<ImResult>((resolve, reject) => {
          call.settle = (settlement) => {
            if (call.settled) return;
            call.settled = true;
            finish(settlement).then(resolve, reject);
          };
        });
      default: {
        const result = finish(behaviour);
        const done = () => {
          call.settled = true;
        };
        result.then(done, done);
        return result;
      }
    }
  };

  const next = <K extends keyof typeof queues>(method: K) =>
    (queues[method].shift() ?? script.afterwards[method]) as (typeof script.afterwards)[K];

  const start = (method: SdkMethod, userSig?: string): SdkCall => {
    const call: SdkCall = { method, startedAt: Date.now(), settled: false, userSig };
    return call;
  };

  const sdk: ImSdk = {
    initSDK: (params) => {
      listener = params.listener;
      const call = start('initSDK');
      calls.push(call);
      return answer(call, next('initSDK'));
    },
    unInitSDK: () => {
      unInitCalls += 1;
    },
    login: ({ userSig }) => {
      const call = start('login', userSig);
      hooks.onLogin(call, [...calls]);
      calls.push(call);
      return answer(call, next('login'));
    },
    logout: () => {
      const call = start('logout');
      calls.push(call);
      return answer(call, next('logout'));
    },
  };

  const provide = (kind: ProviderSettlement | 'throw'): Promise<string> => {
    switch (kind) {
      case 'fresh':
        return Promise.resolve(mint());
      case 'blank':
        return Promise.resolve('  ');
      case 'expired':
        return Promise.resolve(expiredUserSig ?? liveUserSig ?? mint());
      case 'throw':
        throw new Error('getUserSig threw');
      default:
        return Promise.reject(new Error('getUserSig failed'));
    }
  };

  const getUserSig = (_userID: string, info: { reason: string; signal: AbortSignal }): Promise<string> => {
    hooks.onProvider(info.reason);
    const behaviour = next('provider');
    if (behaviour.kind === 'never') return new Promise(() => {});
    if (behaviour.kind !== 'hold') return provide(behaviour.kind);
    return new Promise<string>((resolve, reject) => {
      const held = {
        settled: false,
        settle(answer: ProviderSettlement) {
          if (held.settled) return;
          held.settled = true;
          provide(answer).then(resolve, reject);
        },
      };
      heldAnswers.push(held);
    });
  };

  return {
    sdk,
    getUserSig,
    calls,
    get listener(): ImSdkListener | undefined {
      return listener;
    },
    get unInitCalls() {
      return unInitCalls;
    },
    /** The server reports the live UserSig expired (`onUserSigExpired`). */
    noteUserSigExpired() {
      expiredUserSig = liveUserSig ?? expiredUserSig;
    },
    /** Settles the `pick`-th held call of `method` still waiting, if any. */
    settle(method: SdkMethod, pick: number, settlement: Settlement) {
      const waiting = calls.filter((c) => c.method === method && !c.settled && c.settle);
      waiting[pick % Math.max(1, waiting.length)]?.settle?.(settlement);
    },
    /** Answers the `pick`-th held provider call still waiting, if any. */
    answerProvider(pick: number, answer: ProviderSettlement) {
      const waiting = heldAnswers.filter((h) => !h.settled);
      waiting[pick % Math.max(1, waiting.length)]?.settle(answer);
    },
  };
}
