// Labels come from files people edit: a pipe, a newline or markup must not break or inject into the table.
/** Escapes a label for a Markdown table cell or list item. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, ' ');
}
