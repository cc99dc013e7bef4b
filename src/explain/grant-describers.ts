import type { AdministrativeRoleProvenance, Provenance, WebRoleProvenance } from '../base/rule.js';
import { describeHierarchy } from './hierarchy-grant.js';

/** How an explanation names one grant: what it is, and (when relevant) how the principal holds it. */
export interface GrantDescription {
  /** The grant itself, e.g. `table permission "My orders" (contact scope)`. */
  readonly label: string;
  /** How the principal holds it, e.g. `web role "Authorized user"`; absent when it is not held through anything. */
  readonly via?: string;
  /** The record field the grant compares with the principal (a scope's relationship), when it has one. */
  readonly relationship?: string;
}

/** Turns one kind of provenance into words. */
export type GrantDescriber<TProvenance extends Provenance> = (provenance: TProvenance) => GrantDescription;

/** One describer per provenance kind: a new kind of grant (security roles, teams…) plugs in here and nowhere else. */
export type GrantDescribers = {
  readonly [K in Provenance['kind']]: GrantDescriber<Extract<Provenance, { kind: K }>>;
};

const LIMIT_WORDS: Record<AdministrativeRoleProvenance['limits'][number], string> = {
  nonAdministrators: 'non-administrators only',
  businessUnit: 'of their business unit or below',
  account: 'of their own customer account',
};

const WITHIN_WORDS: Record<NonNullable<WebRoleProvenance['within']>, string> = {
  account: 'account',
  legalEntity: 'legal entity',
};

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/** `web role "A"`, `web roles "A", "B" (held through the account)`: each role held only through the account says so. */
function rolesVia(webRoles: readonly string[], throughAccount: readonly string[] = []): string {
  const named = webRoles.map((role) =>
    throughAccount.includes(role) ? `"${role}" (held through the account)` : `"${role}"`,
  );
  return `web role${webRoles.length === 1 ? '' : 's'} ${named.join(', ')}`;
}

/** The describers of every provenance kind this library emits. */
export const grantDescribers: GrantDescribers = {
  tablePermission: ({ tablePermission, scope, field, within, chain, webRoles, throughAccount }) => {
    const ancestors = chain.slice(1);
    const bound = within === undefined ? '' : ` within the contact's ${WITHIN_WORDS[within]}`;
    return {
      label: `table permission "${tablePermission}" (${scope} scope${bound}${ancestors.length > 0 ? ` under ${quoted(ancestors)}` : ''})`,
      via: rolesVia(webRoles, throughAccount),
      ...(field === undefined ? {} : { relationship: field }),
    };
  },
  ownRow: () => ({ label: 'own contact row only (the password must be changed first)' }),
  securityRole: ({ securityRole, team, level, businessUnit, automatic }) => ({
    label: `security role "${securityRole}" at ${level} level (business unit "${businessUnit}")`,
    ...(team === undefined ? {} : { via: `team "${team}"` }),
    ...(automatic === undefined ? {} : { via: 'an Entra administrator role (held automatically)' }),
  }),
  recordShare: ({ privilege, securityRole, team, through }) => ({
    label:
      through === undefined || through.length === 0
        ? `a share of the record for ${privilege}`
        : `a share of the related ${through[through.length - 1]!.table} for ${privilege}, cascading through ${through.map((step) => step.field).join(' → ')}`,
    via: `security role "${securityRole}"${team === undefined ? '' : ` (team "${team}")`}`,
  }),
  columnRestriction: ({ table, action, restrictedBy }) => ({
    label: `no ${restrictedBy === 'columnPermissions' ? 'column permission' : 'column security profile'} held grants ${action} on these columns of ${table}`,
  }),
  pageAccess: ({ right, webRoles, throughAccount }) => ({
    label:
      right === 'view'
        ? 'webpage access control rules (public pages and pages a held role may read)'
        : 'webpage access control rules granting change',
    via: webRoles.length === 0 ? 'no web role' : rolesVia(webRoles, throughAccount),
  }),
  hierarchy: describeHierarchy,
  administrativeRole: ({ administrativeRole, targetKind, limits, entra }) => ({
    label: `${entra ? 'Entra' : 'administrative'} role "${administrativeRole}" over ${targetKind} accounts${limits.length === 0 ? '' : ` (${limits.map((limit) => LIMIT_WORDS[limit]).join(', ')})`}`,
  }),
};

/** Describes any provenance; an unknown kind (e.g. from rules unpacked elsewhere) is named, never guessed at. */
export function describeGrant(provenance: Provenance): GrantDescription {
  const describe = Object.hasOwn(grantDescribers, provenance.kind)
    ? (grantDescribers[provenance.kind] as GrantDescriber<Provenance>)
    : undefined;
  return describe ? describe(provenance) : { label: `grant of kind "${String(provenance.kind)}"` };
}
