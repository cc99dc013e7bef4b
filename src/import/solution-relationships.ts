import { parseXml } from './parse-file.js';
import type { SourceFiles } from './source-files.js';

/** A relationship declared in a solution's metadata, with logical (lower-cased) names. */
export interface DeclaredRelationship {
  readonly name: string;
  readonly type: 'OneToMany' | 'ManyToMany';
  /** One-to-many: the table holding the lookup, the lookup column, and the table it points to. */
  readonly table?: string;
  readonly column?: string;
  readonly references?: string;
  readonly file: string;
}

/** The metadata files that declare relationships in an unpacked solution. */
const METADATA_FILE = /(^|\/)(customizations\.xml|Other\/Relationships(\.xml|\/[^/]+\.xml)|Entities\/[^/]+\/Entity\.xml)$/i;

function text(node: Record<string, unknown>, name: string): string | undefined {
  const value = Object.hasOwn(node, name) ? node[name] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined;
}

/** Every `<EntityRelationship>` element below `root`, found without recursion. */
function relationshipElements(root: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'EntityRelationship') {
        for (const element of Array.isArray(value) ? value : [value])
          if (typeof element === 'object' && element !== null) found.push(element as Record<string, unknown>);
      } else stack.push(value);
    }
  }
  return found;
}

/** The relationships a solution's metadata declares (customizations.xml, Other/Relationships, Entity.xml). */
export function readSolutionRelationships(files: SourceFiles): DeclaredRelationship[] {
  const declared: DeclaredRelationship[] = [];
  for (const [file, content] of files) {
    if (!METADATA_FILE.test(file)) continue;
    for (const element of relationshipElements(parseXml(content, file))) {
      const rawName = element['@_Name'];
      const name = typeof rawName === 'string' ? rawName.trim() : undefined;
      const type = text(element, 'EntityRelationshipType');
      if (name === undefined || name === '') continue;
      if (type === 'manytomany') {
        declared.push({ name, type: 'ManyToMany', file });
        continue;
      }
      const table = text(element, 'ReferencingEntityName');
      const column = text(element, 'ReferencingAttributeName');
      const references = text(element, 'ReferencedEntityName');
      declared.push({
        name,
        type: 'OneToMany',
        file,
        ...(table === undefined ? {} : { table }),
        ...(column === undefined ? {} : { column }),
        ...(references === undefined ? {} : { references }),
      });
    }
  }
  return declared;
}
