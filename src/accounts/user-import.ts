import { didYouMean } from '../base/names.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import { countsAsNonInteractive, MAX_NON_INTERACTIVE_USERS } from './access-mode.js';
import { auditEvent } from './audit-event.js';
import {
  type BulkImport,
  BulkImportError,
  booleanCell,
  enumCell,
  listOf,
  readTable,
  requireUniqueId,
} from './bulk-import.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import type { HeaderSpec } from './import-headers.js';
import { assertSeatsAvailable, type LicenceState } from './licence-pool.js';
import { LifecycleInputError } from './refusals.js';
import type { AccessMode, LifecycleUser, SecurityRoleGrant, UserType } from './user.js';

/** Columns of a user import; lists (security roles, teams) are separated by semicolons. */
export const USER_IMPORT_COLUMNS = [
  'id',
  'businessUnitId',
  'securityRoles',
  'teams',
  'accessMode',
  'userType',
  'licensed',
  'enabled',
] as const;

const USER_HEADER_SPEC: HeaderSpec = { columns: USER_IMPORT_COLUMNS, required: ['id', 'businessUnitId'] };

const ACCESS_MODES: readonly AccessMode[] = ['read-write', 'read', 'administrative', 'non-interactive'];
const USER_TYPES: readonly UserType[] = ['person', 'application', 'stub'];

/** What `importUsers` checks the rows against; every catalog is optional. */
export interface UserImportRequest {
  readonly csv: string;
  readonly existing?: readonly LifecycleUser[];
  readonly roles?: readonly SecurityRoleGrant[];
  readonly businessUnits?: readonly string[];
  /** Required when a row is licensed: licensed rows must fit the pool (refused with the missing seat count). */
  readonly licences?: LicenceState;
  /**
   * The policy the users belong to: a stub user imported without roles gets its `internalUsers.stubUserRoles`
   * (seed 002: Basic User, or Salesperson), and roles are checked against its security roles unless `roles`
   * is given.
   */
  readonly policy?: Policy;
  readonly actorId?: string;
}

/**
 * Imports internal users from CSV text, all or nothing: unknown roles or units, bad enums, enabled stub
 * users and an eighth non-interactive user are reported by line and column; then licensed rows must fit.
 * With a policy, stub users imported without roles get the policy's default stub roles.
 */
export function importUsers(
  environment: LifecycleEnvironment,
  request: UserImportRequest,
): BulkImport<LifecycleUser> {
  const existing = request.existing ?? [];
  const seen = new Set(existing.map((user) => user.id));
  const { policy } = request;
  // A policy that is not definePolicy's result is refused rather than read for defaults.
  if (policy !== undefined) policyIndexOf(policy);
  const roleNames = request.roles?.map((role) => role.name) ?? policy?.securityRoles.map((role) => role.name);
  const stubRoles = policy?.internalUsers.stubUserRoles ?? [];
  let nonInteractive = existing.filter(countsAsNonInteractive).length;
  const imported: LifecycleUser[] = [];
  const { issues, headers } = readTable(request.csv, USER_HEADER_SPEC, (cells, issue) => {
    const id = requireUniqueId(cells, issue, seen);
    const businessUnitId = cells.get('businessUnitId') ?? '';
    if (businessUnitId === '')
      issue('businessUnitId', 'missing_business_unit', 'every user belongs to a business unit; fill it in');
    else if (request.businessUnits && !request.businessUnits.includes(businessUnitId)) {
      issue(
        'businessUnitId',
        'unknown_business_unit',
        `business unit "${businessUnitId}" is unknown (${didYouMean(businessUnitId, request.businessUnits)})`,
      );
    }
    const securityRoles = listOf(cells.get('securityRoles'));
    for (const role of securityRoles) {
      if (roleNames && !roleNames.includes(role)) {
        issue(
          'securityRoles',
          'unknown_security_role',
          `security role "${role}" is unknown (${didYouMean(role, roleNames)})`,
        );
      }
    }
    const accessMode = enumCell(cells, issue, 'accessMode', ACCESS_MODES, 'read-write');
    const userType = enumCell(cells, issue, 'userType', USER_TYPES, 'person');
    const enabled = booleanCell(cells, issue, 'enabled', userType !== 'stub');
    if (userType === 'stub' && enabled)
      issue('enabled', 'stub_user', 'a stub user cannot be enabled; set enabled to false');
    if (
      accessMode === 'non-interactive' &&
      userType !== 'application' &&
      ++nonInteractive > MAX_NON_INTERACTIVE_USERS
    ) {
      issue(
        'accessMode',
        'non_interactive_limit',
        `more than ${MAX_NON_INTERACTIVE_USERS} non-interactive users; use an application user`,
      );
    }
    imported.push({
      kind: 'user',
      id,
      businessUnitId,
      // Dataverse gives an imported stub a default role (seed 002); roles named in the file come first.
      securityRoles: userType === 'stub' && securityRoles.length === 0 ? [...stubRoles] : securityRoles,
      teams: listOf(cells.get('teams')),
      accessMode,
      enabled,
      licensed: booleanCell(cells, issue, 'licensed', false),
      userType,
    });
  });
  if (issues.length > 0) throw new BulkImportError(issues, headers);
  const now = instantOf(environment);
  const licensed = imported.filter((user) => user.licensed).length;
  // A licence is a seat from the pool: an import never hands one out without counting it.
  if (licensed > 0 && !request.licences) {
    throw new LifecycleInputError([
      {
        code: 'licences_required',
        path: ['licences'],
        message: `${licensed} row${licensed === 1 ? ' is' : 's are'} licensed; pass the licence state so the seats are counted, or import them unlicensed`,
      },
    ]);
  }
  if (request.licences) assertSeatsAvailable(request.licences, now, licensed);
  return {
    imported,
    ...(headers === undefined ? {} : { headers }),
    event: auditEvent('users.imported', now, 'users', request.actorId, {
      userIds: imported.map((user) => user.id),
    }),
  };
}
