import fc from 'fast-check';
import type { NameArgument } from '../ability/portal-subject.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike, SecurityRoleOf } from '../policy/policy-types.js';
import type { PolicyInput } from '../policy/schema.js';
import { ENTRA_ROLES, type EntraRole, type UserPrincipal } from '../principal/user.js';
import { documentOf, type PolicyUnderTest } from './policy-under-test.js';
import { VALUE_POOLS } from './value-pools.js';

/** How internal users are generated; `TSecurityRole` are the role names accepted (every string by default). */
export interface UserArbitraryOptions<TSecurityRole extends string = string> {
  /** The security roles users draw from; every role of the policy by default. */
  readonly securityRoles?: readonly TSecurityRole[];
}

type Assignment = string | { readonly name: string; readonly businessUnitId: string };

const MISSING = Symbol('missing');

const rarely = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: rare, weight: 1 });

const orMissing = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | typeof MISSING> =>
  fc.oneof({ arbitrary: value, weight: 8 }, { arbitrary: fc.constant(MISSING), weight: 1 });

/** User ids that no team of the policy uses (a shared id is refused: owner fields could not tell them apart). */
export function userIdsOf(policy: PolicyInput): readonly string[] {
  const teams = new Set((policy.teams ?? []).map((team) => team.id));
  const free = VALUE_POOLS.userIds.filter((id) => !teams.has(id));
  return free.length > 0 ? free : ['user-not-a-team'];
}

type GeneratedReport = string | { id: string; businessUnitId?: string; teams?: string[]; enabled?: boolean };
type GeneratedReports = { direct?: GeneratedReport[]; indirect?: GeneratedReport[][] };

const reportId = (report: GeneratedReport): string => (typeof report === 'string' ? report : report.id);

/**
 * Reports never list the user (`abilityFor` refuses that as a cycle) nor anyone twice (refused as
 * ambiguous): the first listing of an id, level by level, is kept.
 */
function listedOnce(reports: GeneratedReports, id: string): GeneratedReports {
  const seen = new Set([id]);
  const once = (level: readonly GeneratedReport[]) =>
    level.filter((report) => {
      if (seen.has(reportId(report))) return false;
      seen.add(reportId(report));
      return true;
    });
  return {
    ...(reports.direct === undefined ? {} : { direct: once(reports.direct) }),
    ...(reports.indirect === undefined ? {} : { indirect: reports.indirect.map(once) }),
  };
}

/** A report: an id of the pool, or the id with a unit, teams (rows they own or are shared with) and a state. */
function arbitraryReport(
  userIds: readonly string[],
  units: readonly string[],
  teams: readonly string[],
): fc.Arbitrary<GeneratedReport> {
  const detailed = fc.record(
    {
      id: fc.constantFrom(...userIds),
      businessUnitId: fc.constantFrom(...units),
      teams: fc.subarray([...teams], { maxLength: Math.min(2, teams.length) }),
      enabled: rarely(fc.constant(true), fc.constant(false)),
    },
    { requiredKeys: ['id'] },
  );
  return fc.oneof({ arbitrary: fc.constantFrom(...userIds), weight: 1 }, { arbitrary: detailed, weight: 2 });
}

/** Whether a policy defines what internal users need: a business unit and a security role. */
export function hasInternalUsers(policy: PolicyInput): boolean {
  return (policy.businessUnits ?? []).length > 0 && (policy.securityRoles ?? []).length > 0;
}

/**
 * Internal users that fit a policy: a business unit of the policy, any subset of its security roles (from
 * another unit when `matrixDataAccess` is on) and teams; now and then disabled, unlicensed, in another
 * access mode or session, a stub, an Entra administrator, re-enabled with an invitation pending, or with a
 * pending password change; with reports (other users of the pool, by level, often with their unit, teams
 * and state) when the policy turns hierarchy security on. Needs business units and roles.
 *
 * @example
 * const readers = arbitraryUser(policy, { securityRoles: ['Local reader'] });
 */
export function arbitraryUser<
  TTypes extends PolicyTypesLike = PolicyTypes,
  TSecurityRole extends string = string,
>(
  policyUnderTest: Policy<TTypes> | PolicyUnderTest,
  options: UserArbitraryOptions<NameArgument<TSecurityRole, SecurityRoleOf<TTypes>>> = {},
): fc.Arbitrary<UserPrincipal> {
  const policy = documentOf(policyUnderTest);
  const units = (policy.businessUnits ?? []).map((unit) => unit.id);
  const roles = [...(options.securityRoles ?? (policy.securityRoles ?? []).map((role) => role.name))];
  // A default team's members are its unit's users, implicitly (SPEC 2.5): a principal never lists one to join.
  const teams = (policy.teams ?? []).filter((team) => team.isDefault !== true).map((team) => team.id);
  const unit = fc.constantFrom(...units);
  const userIds = userIdsOf(policy);
  const report = arbitraryReport(userIds, units, teams);
  const assignment: fc.Arbitrary<Assignment> =
    policy.matrixDataAccess === true
      ? fc.oneof(
          { arbitrary: fc.constantFrom(...roles), weight: 3 },
          { arbitrary: fc.record({ name: fc.constantFrom(...roles), businessUnitId: unit }), weight: 1 },
        )
      : fc.constantFrom(...roles);
  return fc
    .record({
      id: fc.constantFrom(...userIds),
      businessUnitId: unit,
      securityRoles: orMissing(
        roles.length === 0
          ? fc.constant<Assignment[]>([])
          : fc.array(assignment, { minLength: 1, maxLength: 2 }),
      ),
      teams: orMissing(
        fc.oneof(fc.constant<string[]>([]), fc.subarray(teams, { maxLength: Math.min(2, teams.length) })),
      ),
      accessMode: orMissing(
        rarely(
          fc.constant('read-write' as const),
          fc.constantFrom('read', 'administrative', 'non-interactive'),
        ),
      ),
      enabled: orMissing(rarely(fc.constant(true), fc.constant(false))),
      licensed: rarely(fc.constant(true), fc.constantFrom(false, MISSING)),
      userType: orMissing(rarely(fc.constant('person' as const), fc.constantFrom('application', 'stub'))),
      session: orMissing(fc.constantFrom('api' as const, 'interactive' as const)),
      state: orMissing(rarely(fc.constant('active' as const), fc.constantFrom('disabled', 'deleted'))),
      mustChangePassword: orMissing(rarely(fc.constant(false), fc.constant(true))),
      // Reports only where the policy turns hierarchy on: elsewhere they are ignored and would test nothing.
      reports:
        policy.hierarchy === undefined
          ? fc.constant(MISSING)
          : orMissing(
              fc.record(
                {
                  direct: fc.array(report, { maxLength: 2 }),
                  indirect: fc.array(fc.array(report, { maxLength: 2 }), { maxLength: 3 }),
                },
                { requiredKeys: [] },
              ),
            ),
      entraRoles: orMissing(
        rarely(fc.constant<EntraRole[]>([]), fc.subarray([...ENTRA_ROLES], { minLength: 1, maxLength: 1 })),
      ),
      invitationPending: orMissing(rarely(fc.constant(false), fc.constant(true))),
    })
    .map((fields) => {
      const user: Record<string, unknown> = { kind: 'user' };
      for (const [name, value] of Object.entries(fields)) if (value !== MISSING) user[name] = value;
      if (fields.reports !== MISSING) user.reports = listedOnce(fields.reports, fields.id);
      return user as UserPrincipal;
    });
}
