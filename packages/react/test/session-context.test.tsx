import { selectStatus } from '@imstate/core';
import { useSession, useSessionEvent, useSessionSelector } from '@imstate/react';
import { describe, expect, it } from 'vitest';
import { modes } from './modes';
import { renderCatching } from './render-catching';

const hooks = {
  useSession: () => useSession(),
  useSessionSelector: () => useSessionSelector(selectStatus),
  useSessionEvent: () => useSessionEvent('kicked', () => {}),
};

function Orphan({ useHook }: { useHook: () => unknown }) {
  useHook();
  return null;
}

describe.each(modes)('hooks outside a provider (%s)', (_, Mode) => {
  it.each(Object.entries(hooks))('%s throws an error naming SessionProvider', (name, useHook) => {
    const { caught: errors } = renderCatching(<Orphan useHook={useHook} />, Mode);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect((errors[0] as Error).message).toBe(`${name}() must be called inside a <SessionProvider>.`);
  });
});
