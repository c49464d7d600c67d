/**
 * The diagram's look, inside the SVG itself: the same picture in the playground and as the docs' static file
 * (an SVG shown through `<img>` sees no page CSS). Class names start with `sc-` so they cannot collide.
 */
export const DIAGRAM_CSS = `
.state-chart { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
.sc-mark-a { --mark: #1d4ed8; --mark-tint: #e8eefc; }
.sc-mark-b { --mark: #a21caf; --mark-tint: #f8e8f9; }
.sc-mark-a2 { --mark: #c2410c; --mark-tint: #fcede5; }
.sc-background { fill: #ffffff; }
.sc-frame rect { fill: none; stroke: #afb8c1; stroke-dasharray: 5 4; }
.sc-title { font-size: 13px; font-weight: 600; fill: #6e7781; }
.sc-any rect { fill: #ffffff; stroke: #8c959f; stroke-dasharray: 4 3; }
.sc-any text { font-size: 12px; fill: #57606a; text-anchor: middle; font-style: italic; }
.sc-box { fill: #ffffff; stroke: #57606a; stroke-width: 1.3; }
.sc-compound > .sc-box { fill: #f6f8fa; stroke: #8c959f; }
.sc-state[data-active] > .sc-box { stroke: var(--mark); stroke-width: 2; }
.sc-leaf[data-active] > .sc-box { fill: var(--mark-tint); }
.sc-name { font-size: 13px; font-weight: 600; fill: #1f2328; paint-order: stroke; stroke: #f6f8fa; stroke-width: 4px; stroke-linejoin: round; }
.sc-leaf .sc-name { stroke: none; }
.sc-ring { fill: none; stroke: var(--mark); stroke-width: 2.5; }
.sc-compound > .sc-ring { stroke-width: 1.5; opacity: 0.55; }
.sc-badge rect { fill: var(--mark); }
.sc-badge text { font-size: 10px; font-weight: 700; fill: #ffffff; text-anchor: middle; }
.sc-edge { fill: none; stroke: #8c959f; stroke-width: 1.3; }
.sc-initial circle { fill: #1f2328; }
.sc-initial .sc-edge { stroke: #1f2328; }
.sc-label rect { fill: #ffffff; stroke: #d0d7de; }
.sc-event { fill: #0a3069; }
.sc-guard { fill: #8250df; }
.sc-transition:hover .sc-edge { stroke: #1f2328; stroke-width: 2; }
.sc-transition:hover .sc-label rect { stroke: #1f2328; }
.sc-last-line { fill: none; stroke: var(--mark); stroke-width: 3; stroke-dasharray: 9 6; animation: sc-flow 0.6s linear infinite; }
.sc-pulse { fill: var(--mark); stroke: #ffffff; stroke-width: 1.5; }
.sc-label.sc-mark-a rect, .sc-label.sc-mark-b rect, .sc-label.sc-mark-a2 rect { stroke: var(--mark); stroke-width: 2; fill: var(--mark-tint); }
@keyframes sc-flow { to { stroke-dashoffset: -15; } }
@media (prefers-reduced-motion: reduce) { .sc-last-line { animation: none; stroke-dasharray: none; } .sc-pulse { display: none; } }
`;
