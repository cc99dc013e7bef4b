/**
 * A reference evaluator for internal users, written straight from SPEC 2.2 as plain loops and kept apart
 * from the compiler (it imports nothing from src/compile), so property tests can compare the two.
 * It assumes inputs that `definePolicy` and `abilityFor` accept; it does not validate.
 */
import type { PolicyInput } from '../policy/schema.js';
import type { UserPrincipal } from '../principal/user.js';
import { referenceHierarchyReaches } from './reference-hierarchy.js';

/** Facts about the request, as `abilityFor`'s third argument takes them. */
export interface ReferenceUserOptions {
  readonly session?: 'api' | 'interactive';
}

interface HeldRole {
  readonly name: string;
  readonly team: string | undefined;
  /** The unit business-unit levels count from. */
  readonly unit: string;
  /** Team-only inheritance: user-level reach is only the team's own rows. */
  readonly teamOnly: boolean;
}

type Assignment = string | { readonly name: string; readonly businessUnitId: string };

function ownString(record: unknown, field: string | undefined): string | undefined {
  if (field === undefined || typeof record !== 'object' || record === null || !Object.hasOwn(record, field))
    return undefined;
  const value = (record as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

function roleName(assignment: Assignment): string {
  return typeof assignment === 'string' ? assignment : assignment.name;
}

function roleUnit(assignment: Assignment, home: string): string {
  return typeof assignment === 'string' ? home : assignment.businessUnitId;
}

/**
 * The user's teams: those the principal lists, and the default team of the user's business unit, whose
 * members are the unit's users whether listed or not (SPEC 2.5).
 */
function teamsOf(policy: PolicyInput, user: UserPrincipal): string[] {
  const teams = [...(user.teams ?? [])];
  for (const team of policy.teams ?? []) {
    if (team.isDefault === true && team.businessUnitId === user.businessUnitId && !teams.includes(team.id))
      teams.push(team.id);
  }
  return teams;
}

/** Seed 002: Global, Power Platform and Dynamics 365 administrators administer the environment. */
function administersEnvironment(user: UserPrincipal): boolean {
  if (!Object.hasOwn(user, 'entraRoles')) return false;
  for (const role of user.entraRoles ?? [])
    if (
      role === 'Global administrator' ||
      role === 'Power Platform administrator' ||
      role === 'Dynamics 365 administrator'
    )
      return true;
  return false;
}

/** The user's access mode; seed 002: an unlicensed environment administrator is put in administrative mode. */
function modeOf(user: UserPrincipal): string {
  const mode = user.accessMode ?? 'read-write';
  const needsLicence = (mode === 'read-write' || mode === 'read') && user.userType !== 'application';
  return needsLicence && user.licensed !== true && administersEnvironment(user) ? 'administrative' : mode;
}

function heldRoles(policy: PolicyInput, user: UserPrincipal): HeldRole[] {
  const held: HeldRole[] = [];
  // Seed 002: an Entra environment administrator holds the system administrator role, from the user's own unit.
  const administratorRole = policy.internalUsers?.systemAdministratorRole;
  const automatic =
    administratorRole !== undefined && administersEnvironment(user) ? [administratorRole] : [];
  for (const assignment of [...(user.securityRoles ?? []), ...automatic]) {
    held.push({
      name: roleName(assignment),
      team: undefined,
      unit: roleUnit(assignment, user.businessUnitId),
      teamOnly: false,
    });
  }
  for (const teamId of teamsOf(policy, user)) {
    for (const team of policy.teams ?? []) {
      if (team.id !== teamId) continue;
      for (const assignment of team.securityRoles ?? []) {
        let teamOnly = false;
        for (const role of policy.securityRoles ?? []) {
          if (role.name === roleName(assignment) && role.memberPrivilegeInheritance === 'team')
            teamOnly = true;
        }
        held.push({
          name: roleName(assignment),
          team: team.id,
          unit: roleUnit(assignment, team.businessUnitId),
          teamOnly,
        });
      }
    }
  }
  return held;
}

function levelOf(policy: PolicyInput, role: string, table: string, action: string): string {
  for (const candidate of policy.securityRoles ?? []) {
    if (candidate.name !== role) continue;
    const levels = candidate.privileges[table] as Record<string, string | undefined> | undefined;
    return levels?.[action] ?? 'none';
  }
  return 'none';
}

/** Whether `unit` is `ancestor` or lies below it, walking parent links up to the root. */
function isAtOrBelow(policy: PolicyInput, unit: string, ancestor: string): boolean {
  const units = policy.businessUnits ?? [];
  let current: string | undefined = unit;
  for (let steps = 0; current !== undefined && steps <= units.length; steps++) {
    if (current === ancestor) return true;
    let parent: string | undefined;
    for (const candidate of units) if (candidate.id === current) parent = candidate.parent;
    current = parent;
  }
  return false;
}

function passesGates(policy: PolicyInput, user: UserPrincipal, options: ReferenceUserOptions): boolean {
  if (user.state !== undefined && user.state !== 'active') return false;
  if (user.enabled === false || user.userType === 'stub' || user.mustChangePassword === true) return false;
  // Re-enabled users wait for a new invitation (seed 002).
  if (user.invitationPending === true) return false;
  if (heldRoles(policy, user).length === 0) return false;
  const mode = modeOf(user);
  const needsLicence = (mode === 'read-write' || mode === 'read') && user.userType !== 'application';
  if (needsLicence && user.licensed !== true) return false;
  // Non-interactive and application users (server-to-server, SPEC 2.6) act in API sessions only.
  const apiOnly = mode === 'non-interactive' || user.userType === 'application';
  if (apiOnly && (options.session ?? user.session) !== 'api') return false;
  return true;
}

/** Whether `user` may perform `action` on `record` of `table`, by SPEC 2.2 (gates, privilege check, access check). */
export function referenceUserCan(
  policy: PolicyInput,
  user: UserPrincipal,
  action: string,
  table: string,
  record: unknown,
  options: ReferenceUserOptions = {},
): boolean {
  if (!passesGates(policy, user, options)) return false;
  const definition = Object.hasOwn(policy.tables, table) ? policy.tables[table] : undefined;
  if (definition === undefined) return false;
  const mode = modeOf(user);
  if (mode === 'read' && action !== 'read') return false;
  if (mode === 'administrative' && definition.settings !== true) return false;

  const teams = teamsOf(policy, user);
  const ownerTeams: string[] = [];
  for (const team of policy.teams ?? [])
    if (teams.includes(team.id) && team.type !== 'access') ownerTeams.push(team.id);
  const owner = ownString(record, definition.owner);
  const unit = ownString(record, definition.businessUnit);

  // 1. Privilege check: the privilege at any level, through any role or team.
  let privileged = false;
  for (const role of heldRoles(policy, user)) {
    const level = levelOf(policy, role.name, table, action);
    if (level === 'none') continue;
    privileged = true;
    // 2. Access check, role paths: ownership at any level, then the level's reach.
    if (level === 'organization') return true;
    if (owner !== undefined) {
      if (role.teamOnly && owner === role.team) return true;
      if (!role.teamOnly && (owner === user.id || ownerTeams.includes(owner))) return true;
    }
    if (unit !== undefined && level === 'businessUnit' && unit === role.unit) return true;
    if (unit !== undefined && level === 'parentChildBusinessUnits' && isAtOrBelow(policy, unit, role.unit))
      return true;
  }
  if (!privileged) return false;
  // 2. Access check, hierarchy path (SPEC 2.7): the manager needs Read on the table at some level.
  let readable = false;
  for (const role of heldRoles(policy, user))
    if (levelOf(policy, role.name, table, 'read') !== 'none') readable = true;
  if (referenceHierarchyReaches(policy, user, action, table, record, readable)) return true;

  // 2. Access check, shared paths: the record, or a related row its shares cascade from, is shared with
  // the user or one of the user's teams for this privilege (SPEC 2.7).
  return isShared(policy, table, record, action, [user.id, ...teams], 0);
}

function holdsShare(record: unknown, field: string, action: string, grantees: readonly string[]): boolean {
  const shares =
    typeof record === 'object' && record !== null && Object.hasOwn(record, field)
      ? (record as Record<string, unknown>)[field]
      : undefined;
  if (!Array.isArray(shares)) return false;
  for (const share of shares) {
    const principal = ownString(share, 'principal');
    const privileges =
      typeof share === 'object' && share !== null && Object.hasOwn(share, 'privileges')
        ? share.privileges
        : undefined;
    if (principal === undefined || !Array.isArray(privileges) || !privileges.includes(action)) continue;
    if (grantees.includes(principal)) return true;
  }
  return false;
}

/** Whether a string holds no lone surrogate: `encodeURIComponent` refuses exactly those (RELIABILITY 22). */
function isWellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `record` of `table` is shared with one of `grantees` for `action`: by its own shares, or, for
 * each relationship whose cascade configuration shares (`cascade`), by the shares of the parent row it
 * references and carries embedded (D15), and so on up.
 */
function isShared(
  policy: PolicyInput,
  table: string,
  record: unknown,
  action: string,
  grantees: readonly string[],
  depth: number,
): boolean {
  const definition = Object.hasOwn(policy.tables, table) ? policy.tables[table] : undefined;
  if (definition === undefined || depth > 8) return false;
  if (definition.shares !== undefined && holdsShare(record, definition.shares, action, grantees)) return true;
  for (const [parent, configuration] of Object.entries(definition.cascade ?? {})) {
    if (configuration.share !== 'cascade') continue;
    const field = definition.parent?.[parent];
    const parentDefinition = Object.hasOwn(policy.tables, parent) ? policy.tables[parent] : undefined;
    if (field === undefined || parentDefinition === undefined) continue;
    const reference = ownString(record, field);
    if (reference === undefined || reference === '' || !isWellFormed(reference)) continue;
    const embedded =
      typeof record === 'object' && record !== null && Object.hasOwn(record, parent)
        ? (record as Record<string, unknown>)[parent]
        : undefined;
    if (ownString(embedded, parentDefinition.key ?? 'id') !== reference) continue;
    if (isShared(policy, parent, embedded, action, grantees, depth + 1)) return true;
  }
  return false;
}
