import { sessionMachine } from '@imstate/core';
import { createScriptedSdk } from '@imstate/test-support/scripted-sdk';
import { APP_ID } from '@imstate/test-support/user-sig';
import { describe, expect, it } from 'vitest';
import { type EventFromLogic, getInitialSnapshot, getNextSnapshot } from 'xstate';

describe('R18 visualisable', () => {
  type Config = Record<string, unknown>;
  const isObject = (value: unknown): value is Config => typeof value === 'object' && value !== null;

  /** Every function in the config, by path, except the ones the contract allows. */
  function inlineFunctions(node: unknown, path: string[] = []): string[] {
    if (typeof node === 'function') {
      const key = path.at(-1);
      const allowed = (path.length === 1 && key === 'context') || key === 'input' || key === 'params';
      return allowed ? [] : [path.join('.')];
    }
    if (Array.isArray(node)) return node.flatMap((item, i) => inlineFunctions(item, [...path, String(i)]));
    if (!isObject(node)) return [];
    return Object.entries(node).flatMap(([key, value]) => inlineFunctions(value, [...path, key]));
  }

  function names(node: unknown, kind: 'actions' | 'guards' | 'actors' | 'delays'): string[] {
    const nameOf = (ref: unknown) => (typeof ref === 'string' ? [ref] : isObject(ref) ? [ref.type] : []);
    if (Array.isArray(node)) return node.flatMap((item) => names(item, kind));
    if (!isObject(node)) return [];
    return Object.entries(node).flatMap(([k, value]): string[] => {
      if (kind === 'actions' && ['entry', 'exit', 'actions'].includes(k)) {
        return [value].flat().flatMap(nameOf) as string[];
      }
      if (kind === 'guards' && k === 'guard') return nameOf(value) as string[];
      if (kind === 'actors' && k === 'src') return nameOf(value) as string[];
      if (kind === 'delays' && k === 'after' && isObject(value)) {
        return Object.keys(value).filter((delay) => Number.isNaN(Number(delay)));
      }
      return names(value, kind);
    });
  }

  it('holds no inline function except the context factory and input/params mappers', () => {
    expect(typeof sessionMachine.config.context).toBe('function');
    expect(inlineFunctions(sessionMachine.config)).toEqual([]);
  });

  it.each(['actions', 'guards', 'actors', 'delays'] as const)(
    'names only %s that setup() implements',
    (kind) => {
      const used = [...new Set(names(sessionMachine.config, kind))];
      const implemented = Object.keys(sessionMachine.implementations[kind]);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((name) => !implemented.includes(name))).toEqual([]);
    },
  );

  it('has exactly the six statuses as top-level states', () => {
    expect(Object.keys(sessionMachine.config.states ?? {}).sort()).toEqual(
      ['connecting', 'init', 'kicked', 'loggedOut', 'online', 'sigExpired'].sort(),
    );
  });

  it('the walker finds inline functions and unknown names (self-check)', () => {
    const config = { on: { X: { actions: [() => {}, 'nope'], guard: { type: 'g', params: () => 1 } } } };
    expect(inlineFunctions(config)).toEqual(['on.X.actions.0']);
    expect(names(config, 'actions')).toEqual(['nope']);
    expect(names(config, 'guards')).toEqual(['g']);
  });
});

describe('explored without a session', () => {
  // Tools such as @xstate/graph walk a machine with XState's pure functions: no actor, so no UserSig is held.
  type Event = EventFromLogic<typeof sessionMachine>;
  const walk = (...events: Event[]) =>
    events.reduce(
      (snapshot, event) => getNextSnapshot(sessionMachine, snapshot, event),
      getInitialSnapshot(sessionMachine, { sdk: createScriptedSdk().sdk, sdkAppID: APP_ID }),
    );

  it('takes a LOGIN with a UserSig, and a login attempt that fails, like a session does', () => {
    const initialized = { type: 'xstate.done.actor.initSdk', output: undefined } as unknown as Event;
    const failed = {
      type: 'xstate.error.actor.login',
      error: { error: { code: 2801, message: 'offline', source: 'sdk' }, failure: 'transient' },
    } as unknown as Event;
    const snapshot = walk(initialized, { type: 'LOGIN', userID: 'alice', userSig: 'sig-alice-1' }, failed);
    expect(snapshot.status).toBe('active');
    expect(snapshot.value).toEqual({ connecting: 'retrying' });
    expect(snapshot.context).toMatchObject({ userID: 'alice', attempt: 1, error: { code: 2801 } });
  });
});
