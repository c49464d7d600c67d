/**
 * The one list of `@imstate/core` names that every binding (react, vue, rxjs) re-exports, so an app imports what
 * it programs against from its binding alone, and all three speak with one voice. Each binding's
 * `test/index.test.ts` holds its `src/index.ts` to this list.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@imstate/core';
import * as coreBindings from '@imstate/core/bindings';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Values (and, for `LogLevel`, the type of the same name). */
export const CORE_VALUES = [
  'ErrorCode',
  'LogLevel',
  'createSession',
  'selectIsOnline',
  'selectStatus',
  'selectSubstate',
  'selectTab',
  'selectView',
] as const;

/** Types only. */
export const CORE_TYPES = [
  'ImResult',
  'ImSdk',
  'ImSdkListener',
  'KickReason',
  'LogEntry',
  'LoginParams',
  'RetryPolicy',
  'SelfInfo',
  'SessionActor',
  'SessionContext',
  'SessionEmitted',
  'SessionEmittedOf',
  'SessionEmittedType',
  'SessionError',
  'SessionErrorCode',
  'SessionEvent',
  'SessionOptions',
  'SessionSnapshot',
  'SessionStatus',
  'SessionSubstate',
  'SessionView',
  'SessionViewOf',
  'TabRole',
  'UserSigProvider',
  'UserSigReason',
] as const;

const CORE_MODULES = ['@imstate/core', '@imstate/core/bindings'];

/** The names a module's source re-exports from `@imstate/core` (or its `/bindings`), as values and types, sorted. */
export function coreReexports(file: URL): { values: string[]; types: string[] } {
  const path = fileURLToPath(file);
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const values: string[] = [];
  const types: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause) continue;
    const from = statement.moduleSpecifier;
    if (!from || !ts.isStringLiteral(from) || !CORE_MODULES.includes(from.text)) continue;
    if (!ts.isNamedExports(statement.exportClause)) continue;
    for (const element of statement.exportClause.elements) {
      (statement.isTypeOnly || element.isTypeOnly ? types : values).push(element.name.text);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

const coreExports: Record<string, unknown> = { ...core, ...coreBindings };

/** Checks a binding's re-exports: exactly the names above, from its `src/index.ts`, and the values core's own. */
export function describeCoreReexports(name: string, binding: Record<string, unknown>, index: URL): void {
  describe(`${name} re-exports core's names`, () => {
    it('exactly those of the one list every binding shares', () => {
      expect(coreReexports(index)).toEqual({
        values: [...CORE_VALUES].sort(),
        types: [...CORE_TYPES].sort(),
      });
    });

    it.each(CORE_VALUES)('%s, the very value core exports', (value) => {
      expect(binding[value]).toBe(coreExports[value]);
    });
  });
}
