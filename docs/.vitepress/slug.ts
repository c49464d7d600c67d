// Heading anchors the way GitHub makes them, so a link such as `./vue.md#a-connection-banner` works both on
// GitHub and on the site. (VitePress's own slugs differ for headings with punctuation: `—`, `@`, `/`, `:`.)

// Everything but letters, marks, decimal and letter numbers, connector punctuation, space and hyphen-minus.
const REMOVED = /[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc} -]/gu;

/** The anchor GitHub gives a heading whose text is `text`, before duplicates get `-1`, `-2`, … */
export function githubSlug(text: string): string {
  return text.trim().toLowerCase().replace(REMOVED, '').replace(/ /g, '-');
}
