import { FORBIDDEN_KEYS, IDENTIFIER_PATTERN, nameSchema } from '../base/names.js';
import {
  ACCESS_LEVELS,
  type AccessLevel,
  type SecurityRoleInput,
  type SecurityRolePrivilege,
} from '../policy/security-role.js';
import type { ReportBuilder } from './import-report.js';
import type { SourceFiles } from './source-files.js';
import { attribute, elementsNamed, solutionElements } from './xml-elements.js';

/** Dataverse privilege depths and the access level each is (Basic = user … Global = organization). */
const LEVELS: Readonly<Record<string, Exclude<AccessLevel, 'none'>>> = {
  basic: 'user',
  local: 'businessUnit',
  deep: 'parentChildBusinessUnits',
  global: 'organization',
};

/** The narrower of two depths (`ACCESS_LEVELS` lists them narrowest first). */
const narrower = (one: AccessLevel, other: AccessLevel): AccessLevel =>
  ACCESS_LEVELS.indexOf(one) <= ACCESS_LEVELS.indexOf(other) ? one : other;

/** Privilege name prefixes, longest first (`AppendTo` before `Append`). */
const VERBS: readonly (readonly [string, SecurityRolePrivilege])[] = [
  ['AppendTo', 'appendTo'],
  ['Append', 'append'],
  ['Assign', 'assign'],
  ['Create', 'create'],
  ['Delete', 'delete'],
  ['Read', 'read'],
  ['Share', 'share'],
  ['Write', 'write'],
];

const ROLE_FILE = /(^|\/)(Roles\/[^/]+\.xml|customizations\.xml)$/i;

/** A record-level privilege name (`prvReadAccount`) as its privilege and table, or `undefined`. */
export function privilegeOf(name: string): { privilege: SecurityRolePrivilege; table: string } | undefined {
  if (!name.startsWith('prv')) return undefined;
  for (const [verb, privilege] of VERBS) {
    if (!name.startsWith(verb, 3)) continue;
    const table = name.slice(3 + verb.length).toLowerCase();
    return IDENTIFIER_PATTERN.test(table) && !FORBIDDEN_KEYS.has(table) ? { privilege, table } : undefined;
  }
  return undefined;
}

/** Maps the solution's security roles: record-level privileges per table at their depth; others reported. */
export function mapSecurityRoles(
  files: SourceFiles,
  report: ReportBuilder,
): { roles: SecurityRoleInput[]; tables: Set<string> } {
  const roles: SecurityRoleInput[] = [];
  const tables = new Set<string>();
  const names = new Set<string>();
  for (const { file, element } of solutionElements(files, ROLE_FILE, 'Role')) {
    const name = attribute(element, 'name');
    const entry = { kind: 'securityRole' as const, name: name ?? '(unnamed)', file };
    if (name === undefined || !nameSchema.safeParse(name).success) {
      report.skip(entry, 'missing_name', 'the role has no usable name');
      continue;
    }
    if (names.has(name)) {
      report.skip(entry, 'duplicate_name', `another security role is already called "${name}"`);
      continue;
    }
    names.add(name);
    const privileges: Record<string, Partial<Record<SecurityRolePrivilege, AccessLevel>>> = Object.create(
      null,
    );
    for (const granted of elementsNamed(element, 'RolePrivilege')) {
      const privilegeName = attribute(granted, 'name') ?? '(unnamed)';
      const parsed = privilegeOf(privilegeName);
      const depth = (attribute(granted, 'level') ?? '').toLowerCase();
      const level = Object.hasOwn(LEVELS, depth) ? LEVELS[depth] : undefined;
      const at = { kind: 'privilege' as const, name: `${name}: ${privilegeName}`, file };
      if (parsed === undefined)
        report.skip(
          at,
          'unknown_privilege',
          'not a record-level privilege (prv<Action><Table>); this library models table privileges only',
        );
      else if (level === undefined)
        report.skip(
          at,
          'invalid_value',
          `level "${attribute(granted, 'level') ?? ''}" is not Basic, Local, Deep or Global`,
        );
      else {
        // A privilege listed twice keeps the narrower depth, as a column listed twice keeps what both give.
        const before = privileges[parsed.table]?.[parsed.privilege];
        if (before !== undefined)
          report.note(at, `"${name}" lists ${privilegeName} twice; it keeps the narrower depth`);
        privileges[parsed.table] = {
          ...privileges[parsed.table],
          [parsed.privilege]: before === undefined ? level : narrower(before, level),
        };
        tables.add(parsed.table);
      }
    }
    roles.push({ name, privileges: Object.fromEntries(Object.entries(privileges)) });
    report.map(entry);
  }
  return { roles, tables };
}
