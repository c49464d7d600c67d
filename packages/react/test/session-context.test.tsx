import { selectStatus } from '@imstate/core';
import { useSession, useSessionEvent, useSessionSelector } from '@imstate/react';
import { render } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { modes } from './modes';

class Catch extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

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
    const errors: unknown[] = [];
    render(
      <Catch>
        <Orphan useHook={useHook} />
      </Catch>,
      { wrapper: Mode, onCaughtError: (error) => errors.push(error) },
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect((errors[0] as Error).message).toBe(`${name}() must be called inside a <SessionProvider>.`);
  });
});
