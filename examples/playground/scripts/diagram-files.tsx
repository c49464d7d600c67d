import { sessionMachine } from '@imstate/core';
import { describeMachine } from '@imstate/core/diagram';
import { renderToStaticMarkup } from 'react-dom/server';
import type { DiagramLayout } from '../src/diagram/layout';
import { StateChart } from '../src/diagram/StateChart';
import { layoutDiagram } from './layout';

/** The generated files' contents, as `pnpm docs:diagram` writes them (the JSON before formatting). */
export async function renderDiagramFiles(): Promise<{
  layoutData: DiagramLayout;
  layout: string;
  svg: string;
}> {
  const layoutData = await layoutDiagram(describeMachine(sessionMachine));
  return { layoutData, layout: `${JSON.stringify(layoutData)}\n`, svg: renderStaticSvg(layoutData) };
}

/** The docs' picture: the playground's drawing with nobody in it. */
export function renderStaticSvg(layout: DiagramLayout): string {
  const markup = renderToStaticMarkup(
    <StateChart layout={layout} description={`of ${layout.machine}Machine`} />,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generated from sessionMachine by \`pnpm docs:diagram\`; do not edit by hand. -->\n${markup}\n`;
}
