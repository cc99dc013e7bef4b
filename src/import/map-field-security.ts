import type { ColumnAction } from '../base/column-access.js';
import { FORBIDDEN_KEYS, IDENTIFIER_PATTERN, nameSchema } from '../base/names.js';
import type { ColumnSecurityProfileInput } from '../policy/column-security-profile.js';
import type { ReportBuilder } from './import-report.js';
import type { SourceFiles } from './source-files.js';
import { attribute, solutionElements } from './xml-elements.js';

const PROFILE_FILE =
  /(^|\/)(customizations\.xml|Other\/FieldSecurityProfiles\.xml|FieldSecurityProfiles\/[^/]+\.xml)$/i;

/** A field permission's `can*` value: 4 allows; anything else (0, absent, text) does not. */
const ALLOWED = '4';

/** Maps field security profiles to column security profiles; every column a profile names becomes secured. */
export function mapFieldSecurity(
  files: SourceFiles,
  report: ReportBuilder,
): { profiles: ColumnSecurityProfileInput[]; secured: Map<string, Set<string>> } {
  const profiles: ColumnSecurityProfileInput[] = [];
  const secured = new Map<string, Set<string>>();
  const names = new Set<string>();
  for (const { file, element } of solutionElements(files, PROFILE_FILE, 'FieldSecurityProfile')) {
    const name = attribute(element, 'name');
    const entry = { kind: 'fieldSecurityProfile' as const, name: name ?? '(unnamed)', file };
    if (name === undefined || !nameSchema.safeParse(name).success) {
      report.skip(entry, 'missing_name', 'the profile has no usable name');
      continue;
    }
    if (names.has(name)) {
      report.skip(entry, 'duplicate_name', `another field security profile is already called "${name}"`);
      continue;
    }
    names.add(name);
    const columns: Record<string, Record<string, ColumnAction[]>> = Object.create(null);
    const permissions = element.FieldPermissions;
    const list =
      typeof permissions === 'object' && permissions !== null
        ? (permissions as Record<string, unknown>).FieldPermission
        : undefined;
    for (const permission of Array.isArray(list) ? list : list === undefined ? [] : [list]) {
      if (typeof permission !== 'object' || permission === null) continue;
      const field = permission as Record<string, unknown>;
      const table = attribute(field, 'entityname')?.toLowerCase();
      const column = attribute(field, 'attributelogicalname')?.toLowerCase();
      const valid = (value: string | undefined): value is string =>
        value !== undefined && IDENTIFIER_PATTERN.test(value) && !FORBIDDEN_KEYS.has(value);
      if (!valid(table) || !valid(column)) {
        report.skip(
          { ...entry, name: `${name}: ${table ?? '?'}.${column ?? '?'}` },
          'invalid_value',
          'the field permission names no usable table and column',
        );
        continue;
      }
      const actions: ColumnAction[] = [];
      if (attribute(field, 'canread') === ALLOWED) actions.push('read');
      if (attribute(field, 'cancreate') === ALLOWED) actions.push('create');
      if (attribute(field, 'canupdate') === ALLOWED) actions.push('update');
      // A column listed twice keeps only the actions both give, as a site's column permission does.
      const before = columns[table]?.[column];
      if (before !== undefined)
        report.note(
          { ...entry, name: `${name}: ${table}.${column}` },
          `"${name}" lists ${table}.${column} twice; it keeps only the actions both give`,
        );
      columns[table] = {
        ...columns[table],
        [column]: before === undefined ? actions : actions.filter((action) => before.includes(action)),
      };
      if (!secured.has(table)) secured.set(table, new Set());
      secured.get(table)!.add(column);
    }
    const description = attribute(element, 'description');
    profiles.push({
      name,
      ...(description === undefined ? {} : { description }),
      columns: Object.fromEntries(Object.entries(columns)),
    });
    report.map(entry);
  }
  return { profiles, secured };
}
