import { nameSchema } from '../base/names.js';
import type { WebRoleInput } from '../policy/web-role.js';
import type { ReportBuilder } from './import-report.js';
import { flagOf, idOf, isInactive, type SiteRecord, textOf } from './site-record.js';

/** The web roles of a site and their names by record id (lower-cased), for the records that link to them. */
export interface MappedWebRoles {
  readonly webRoles: WebRoleInput[];
  readonly nameById: ReadonlyMap<string, string>;
  /** The Anonymous users role's name, which a page rule may not list. */
  readonly anonymous?: string;
  /** Ids two web roles share: a link to one names no role. */
  readonly ambiguousIds: ReadonlySet<string>;
}

/** Maps web role records: by name, with the Authenticated and Anonymous flags; one of each at most. */
export function mapWebRoles(records: readonly SiteRecord[], report: ReportBuilder): MappedWebRoles {
  const webRoles: WebRoleInput[] = [];
  const nameById = new Map<string, string>();
  const names = new Set<string>();
  const ambiguous = new Set<string>();
  let anonymous: string | undefined;
  let authenticated: string | undefined;
  for (const record of records) {
    const id = idOf(record, 'id') ?? idOf(record, 'webroleid');
    const name = textOf(record, 'name');
    const entry = { kind: 'webRole' as const, name: name ?? id ?? '(unnamed)', file: record.file };
    if (isInactive(record))
      report.skip(
        entry,
        'inactive',
        'the web role is inactive (statecode 1); its holders get nothing from it',
      );
    else if (name === undefined || !nameSchema.safeParse(name).success)
      report.skip(entry, 'missing_name', 'the web role has no usable name; give it one');
    else if (id === undefined)
      report.skip(entry, 'missing_id', 'the web role has no id, so no permission can name it');
    else if (names.has(name))
      report.skip(
        entry,
        'duplicate_name',
        `another web role is already called "${name}"; rename one (roles are keyed by name)`,
      );
    else if (nameById.has(id) || ambiguous.has(id)) {
      // Which role a link to this id names would be a guess: links to it name none.
      report.skip(entry, 'duplicate_id', `another web role already has id ${id}; links to ${id} are dropped`);
      nameById.delete(id);
      ambiguous.add(id);
    } else {
      const isAnonymous = flagOf(record, 'anonymoususersrole');
      const isAuthenticated = flagOf(record, 'authenticatedusersrole');
      const clash =
        isAnonymous && isAuthenticated
          ? 'it is flagged both Anonymous and Authenticated users role'
          : isAnonymous && anonymous !== undefined
            ? `"${anonymous}" is already the Anonymous users role`
            : isAuthenticated && authenticated !== undefined
              ? `"${authenticated}" is already the Authenticated users role`
              : undefined;
      if (clash !== undefined) {
        report.skip(entry, 'invalid_value', `${clash}; keep one such role`);
        continue;
      }
      if (isAnonymous) anonymous = name;
      if (isAuthenticated) authenticated = name;
      names.add(name);
      nameById.set(id, name);
      webRoles.push({
        name,
        ...(textOf(record, 'description') === undefined
          ? {}
          : { description: textOf(record, 'description')! }),
        ...(isAuthenticated ? { authenticatedUsers: true } : {}),
        ...(isAnonymous ? { anonymousUsers: true } : {}),
      });
      report.map(entry);
    }
  }
  return {
    webRoles,
    nameById,
    ambiguousIds: ambiguous,
    ...(anonymous === undefined ? {} : { anonymous }),
  };
}
