// Labels come from files people edit: a pipe, a newline or markup must not break or inject into the table.
// Every ASCII punctuation character that starts inline markup in CommonMark or GitHub Markdown is escaped:
// links and images ([ ] ( ) !), emphasis and strike-through (* _ ~), code (`), math ($), footnotes (^),
// headings (#), list markers (+), extended autolinks (http: www. user@host) and raw HTML (< > &).
const MARKUP = /[\\`*_{}[\]()#+!|~^:@$.]/g;

/** Escapes a label for a Markdown table cell or list item, so it renders as the literal text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKUP, (character) => `\\${character}`)
    .replace(/\r\n|\r|\n/g, ' ');
}
