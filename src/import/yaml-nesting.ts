/**
 * How deep a YAML text nests, found in one pass before it is parsed: the parser slows down and then fails
 * without recovery on deep nesting (compact `- - - …` chains, indentation staircases), so a deep file is
 * refused in time linear in its size. Both scans stop as soon as they pass `limit`.
 */

/** The deepest nesting of flow collections (`[`, `{`) outside quotes. */
export function flowDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | undefined;
  for (let index = 0; index < text.length && deepest <= limit; index++) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === '\\' && quote === '"') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if ((char === ']' || char === '}') && depth > 0) depth--;
  }
  return deepest;
}

/** A line's indentation and the compact block indicators (`- `, `? `, `: `) that open levels on it. */
function lineLevels(line: string, cap: number): { readonly indent: number; readonly compact: number } {
  let indent = 0;
  while (indent < line.length && line[indent] === ' ') indent++;
  let compact = 0;
  let at = indent;
  while (
    compact <= cap &&
    at < line.length &&
    (line[at] === '-' || line[at] === '?' || line[at] === ':') &&
    (at + 1 === line.length || line[at + 1] === ' ')
  ) {
    compact++;
    at += 2;
    while (at < line.length && line[at] === ' ') at++;
  }
  return { indent, compact };
}

/** A line that opens a block scalar (`|` or `>`): the more-indented lines after it are text, not structure. */
const BLOCK_SCALAR = /(^|[\s:-])[|>][0-9+-]*\s*(#.*)?$/;

/**
 * The deepest nesting of block collections: the indentation levels open at a line plus the compact
 * indicators on it. Lines of block scalars and comments are not structure.
 */
export function blockDepth(text: string, limit: number): number {
  const open: number[] = [];
  let deepest = 0;
  let scalarIndent: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const { indent, compact } = lineLevels(line, limit);
    if (scalarIndent !== undefined && indent > scalarIndent) continue;
    scalarIndent = undefined;
    while (open.length > 0 && open[open.length - 1]! >= indent) open.pop();
    open.push(indent);
    deepest = Math.max(deepest, open.length + compact);
    if (deepest > limit) return deepest;
    if (BLOCK_SCALAR.test(line)) scalarIndent = indent;
  }
  return deepest;
}
