import { render } from '@testing-library/react';
import { Component, type ComponentType, type ReactElement, type ReactNode } from 'react';

class Catch extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** Renders `ui` below an error boundary and collects what the boundary caught, across re-renders too. */
export function renderCatching(ui: ReactElement, wrapper: ComponentType<{ children: ReactNode }>) {
  const caught: unknown[] = [];
  const result = render(<Catch>{ui}</Catch>, { wrapper, onCaughtError: (error) => caught.push(error) });
  return { caught, rerender: (next: ReactElement) => result.rerender(<Catch>{next}</Catch>) };
}
