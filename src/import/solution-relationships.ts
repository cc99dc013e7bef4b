import type { SourceFiles } from './source-files.js';
import { attribute, childText, solutionElements } from './xml-elements.js';

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
const METADATA_FILE =
  /(^|\/)(customizations\.xml|Other\/Relationships(\.xml|\/[^/]+\.xml)|Entities\/[^/]+\/Entity\.xml)$/i;

/** The relationships a solution's metadata declares (customizations.xml, Other/Relationships, Entity.xml). */
export function readSolutionRelationships(files: SourceFiles): DeclaredRelationship[] {
  const declared: DeclaredRelationship[] = [];
  for (const { file, element } of solutionElements(files, METADATA_FILE, 'EntityRelationship')) {
    const name = attribute(element, 'Name');
    if (name === undefined) continue;
    const lower = (tag: string) => childText(element, tag)?.toLowerCase();
    if (lower('EntityRelationshipType') === 'manytomany') {
      declared.push({ name, type: 'ManyToMany', file });
      continue;
    }
    const table = lower('ReferencingEntityName');
    const column = lower('ReferencingAttributeName');
    const references = lower('ReferencedEntityName');
    declared.push({
      name,
      type: 'OneToMany',
      file,
      ...(table === undefined ? {} : { table }),
      ...(column === undefined ? {} : { column }),
      ...(references === undefined ? {} : { references }),
    });
  }
  return declared;
}
