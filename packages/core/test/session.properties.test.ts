import { fc, test } from '@fast-check/vitest';
import type { SessionAppEvent } from '@imstate/core';
import { afterAll, describe } from 'vitest';
import {
  type CallBehaviour,
  type ProviderBehaviour,
  type SdkScript,
  SECRET_MARKER,
  type Settlement,
} from './support/adversary';
import { counters, reached, runScenario, type Scenario, type Step } from './support/session-scenario';

/**
 * Random interleavings of SDK callbacks, app events, SDK and provider answers and time. After every
 * step the session must keep its promises:
 *  (a) never two sdk.login calls in flight (R13b: a call older than loginTimeoutMs is abandoned);
 *  (b) never sdk.login for a reconnect (R5);
 *  (c) never a login by itself after a kick (R6);
 *  (d) at most retry.maxAttempts sdk.login calls per login episode, at most sigRetry.maxAttempts
 *      refresh logins and 'expired' provider asks per expiry episode (R7, R10);
 *  (e) nothing thrown into the caller, never XState's `error` status (R12), nothing left after stop (R15);
 *  (f) the UserSig never in a snapshot, persisted snapshot, inspection event or log entry (R16).
 */

const NUM_RUNS = process.env.CI ? 1000 : 200;
const TIMEOUT_MS = 120_000;

// Failure codes by class: transient 2801/70050, permanent 70009, expired 70001.
const FAILURE_CODES = [2801, 70050, 70009, 70001] as const;
const failureCode = fc.constantFrom(...FAILURE_CODES);

const callBehaviour: fc.Arbitrary<CallBehaviour> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'resolve', code: 0 } as const) },
  { weight: 3, arbitrary: failureCode.map((code) => ({ kind: 'resolve', code }) as const) },
  {
    weight: 1,
    arbitrary: fc.option(failureCode, { nil: undefined }).map((code) => ({ kind: 'reject', code }) as const),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'throw' } as const) },
  { weight: 3, arbitrary: fc.constant({ kind: 'hold' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'never' } as const) },
);

const initBehaviour: fc.Arbitrary<CallBehaviour> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'resolve', code: 0 } as const) },
  { weight: 1, arbitrary: callBehaviour },
);

const providerBehaviour: fc.Arbitrary<ProviderBehaviour> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'fresh' } as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ...(['blank', 'expired', 'throw', 'reject', 'hold', 'never'] as const).map((kind) => ({ kind })),
    ),
  },
);

const script: fc.Arbitrary<SdkScript> = fc.record({
  initSDK: fc.array(initBehaviour, { maxLength: 3 }),
  login: fc.array(callBehaviour, { maxLength: 10 }),
  logout: fc.array(callBehaviour, { maxLength: 4 }),
  provider: fc.array(providerBehaviour, { maxLength: 6 }),
  afterwards: fc.record({
    initSDK: initBehaviour,
    login: callBehaviour,
    logout: callBehaviour,
    provider: providerBehaviour,
  }),
});

const userSig = fc.constantFrom(
  `${SECRET_MARKER}.alice.1`,
  `${SECRET_MARKER}.alice.2`,
  `${SECRET_MARKER}.bob.1`,
);
const appEvent: fc.Arbitrary<SessionAppEvent> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        type: fc.constant('LOGIN' as const),
        userID: fc.constantFrom('alice', 'bob'),
        userSig: fc.option(userSig, { nil: undefined }),
      },
      { requiredKeys: ['type', 'userID'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({
        type: fc.constant('LOGIN' as const),
        userID: fc.constantFrom('', 'has space', 'x'.repeat(33), 'ünï'),
        userSig,
      }),
      fc.record({
        type: fc.constant('LOGIN' as const),
        userID: fc.constant('alice'),
        userSig: fc.constant(' '),
      }),
    ),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'LOGOUT' } as const) },
  { weight: 2, arbitrary: fc.constant({ type: 'RELOGIN' } as const) },
  { weight: 2, arbitrary: fc.constant({ type: 'RETRY' } as const) },
);

const settlement: fc.Arbitrary<Settlement> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'resolve', code: 0 } as const) },
  { weight: 3, arbitrary: failureCode.map((code) => ({ kind: 'resolve', code }) as const) },
  {
    weight: 1,
    arbitrary: fc.option(failureCode, { nil: undefined }).map((code) => ({ kind: 'reject', code }) as const),
  },
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: appEvent.map((event) => ({ kind: 'app', event }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connecting' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connectSuccess' } as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(2801, 6014).map((code) => ({ kind: 'connectFailed', code }) as const),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('multipleDevice', 'multipleAccount', 'restApi', undefined)
      .map((reason) => ({ kind: 'kicked', reason }) as const),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'userSigExpired' } as const) },
  {
    weight: 1,
    arbitrary: fc.constant({ kind: 'selfInfo', info: { userID: 'alice', nickName: 'Alice' } } as const),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      method: fc.constantFrom('login' as const, 'login' as const, 'logout' as const, 'initSDK' as const),
      pick: fc.nat(3),
      settlement,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('answerProvider' as const),
      pick: fc.nat(3),
      answer: fc.constantFrom(
        'fresh' as const,
        'fresh' as const,
        'blank' as const,
        'expired' as const,
        'reject' as const,
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.integer({ min: 0, max: 1200 }).map((permille) => ({ kind: 'tick', permille }) as const),
  },
);

const policy = fc.option(
  fc.record({
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    baseDelayMs: fc.integer({ min: 0, max: 400 }),
    maxDelayMs: fc.integer({ min: 0, max: 2000 }),
  }),
  { nil: undefined, freq: 5 },
);

const scenario = (withProvider: boolean): fc.Arbitrary<Scenario> =>
  fc.record({
    withProvider: fc.constant(withProvider),
    loginTimeoutMs: fc.option(fc.integer({ min: 20, max: 3000 }), { nil: undefined, freq: 5 }),
    retry: policy,
    sigRetry: policy,
    script,
    steps: fc.array(step, { minLength: 1, maxLength: 50, size: 'max' }),
  });

describe('random interleavings of SDK callbacks, app events, SDK results and time', () => {
  afterAll(() => {
    const states = [...reached]
      .sort()
      .map(([state, n]) => `${state} ×${n}`)
      .join(', ');
    console.log(
      `property runs: ${NUM_RUNS} per property (${counters.runs} scenarios executed incl. shrinking, ` +
        `${counters.steps} steps, ${counters.logins} sdk.login calls, ${counters.loginsPastAbandoned} of them past ` +
        `an abandoned call, ${counters.fullLoginEpisodes} login and ${counters.fullRefreshEpisodes} refresh ` +
        `episodes at their attempt limit, ${counters.kicks} kicks); substates reached: ${states}`,
    );
  });

  test.prop([scenario(true)], { numRuns: NUM_RUNS })(
    'with getUserSig, the session keeps promises (a)–(f) after every step',
    (s) => runScenario(s),
    TIMEOUT_MS,
  );

  test.prop([scenario(false)], { numRuns: NUM_RUNS })(
    'without getUserSig, the session keeps promises (a)–(f) after every step',
    (s) => runScenario(s),
    TIMEOUT_MS,
  );
});
