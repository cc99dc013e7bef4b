import { decodeXmlText, parseXml } from './parse-file.js';
import type { SourceFiles } from './source-files.js';

/** A parsed XML element: child elements by tag, attributes under `@_<name>`. */
export type XmlElement = Record<string, unknown>;

/** Every `<tag>` element below `root` (not below another `<tag>`), in document order, found without recursion. */
export function elementsNamed(root: unknown, tag: string): XmlElement[] {
  const found: XmlElement[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) stack.push(node[index]);
      continue;
    }
    if (Object.hasOwn(node, tag) && (node as XmlElement)[tag] !== undefined) {
      const value = (node as XmlElement)[tag];
      for (const element of Array.isArray(value) ? value : [value])
        if (typeof element === 'object' && element !== null) found.push(element as XmlElement);
    }
    const children = Object.entries(node).filter(([key]) => key !== tag);
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]![1]);
  }
  return found;
}

/** An attribute's text, trimmed, entities decoded once; `undefined` when absent or empty. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const value = Object.hasOwn(element, `@_${name}`) ? element[`@_${name}`] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? decodeXmlText(value.trim()) : undefined;
}

/** A child element's text, trimmed; `undefined` when absent or empty. */
export function childText(element: XmlElement, name: string): string | undefined {
  const value = Object.hasOwn(element, name) ? element[name] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? decodeXmlText(value.trim()) : undefined;
}

/** Every `<tag>` element of the files whose path matches `pattern`, in path order, with its file. */
export function solutionElements(
  files: SourceFiles,
  pattern: RegExp,
  tag: string,
): { file: string; element: XmlElement }[] {
  const found: { file: string; element: XmlElement }[] = [];
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (pattern.test(file))
      for (const element of elementsNamed(parseXml(text, file), tag)) found.push({ file, element });
  return found;
}
