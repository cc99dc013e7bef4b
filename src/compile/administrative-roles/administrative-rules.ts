import { and, type Condition, eq } from '../../base/condition.js';
import { PrincipalValidationError } from '../../base/errors.js';
import { didYouMean } from '../../base/names.js';
import type { AdministrativeRoleProvenance, PortalRawRule } from '../../base/rule.js';
import type { AdministrativeRole, AdministrativeTargetKind } from '../../policy/administrative-role.js';
import type { PolicyIndex } from '../../policy/policy.js';

/**
 * The target field the `nonAdministrators` limit compares: `"no"` when the target holds no administrative
 * role. Targets carry it through `administrativeTarget()`; a target without it is treated as an
 * administrator (fail closed), so a limited role never acts on an account whose roles nobody looked at.
 */
export const IS_ADMINISTRATOR_FIELD = 'isAdministrator';

/** What the administrative compiler reads of an acting principal (a contact or an internal user). */
export interface AdministrativeActor {
  readonly kind: AdministrativeTargetKind;
  readonly administrativeRoles?: readonly string[] | undefined;
  readonly accountId?: string | null | undefined;
  readonly legalEntity?: string | null | undefined;
  readonly businessUnitId?: string | undefined;
}

type Limit = AdministrativeRoleProvenance['limits'][number];

const present = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

/** Each limit as a condition on the target, or `null` when the actor lacks what it compares (no rule). */
const limitConditions: Record<Limit, (actor: AdministrativeActor, index: PolicyIndex) => Condition | null> = {
  nonAdministrators: () => eq(IS_ADMINISTRATOR_FIELD, 'no'),
  businessUnit: (actor, index) => {
    const unit = present(actor.businessUnitId);
    return unit === undefined
      ? null
      : { operator: 'in', field: 'businessUnitId', value: index.subtreeOf(unit) };
  },
  account: (actor) => {
    const legalEntity = present(actor.legalEntity);
    const accountId = present(actor.accountId);
    if (legalEntity === undefined || accountId === undefined) return null;
    return and([eq('legalEntity', legalEntity), eq('accountId', accountId)]);
  },
};

/** The limits a role's targets set, in the fixed order of `limitConditions`. */
function limitsOf(role: AdministrativeRole): Limit[] {
  const { targets } = role;
  return (Object.keys(limitConditions) as Limit[]).filter((limit) =>
    limit === 'nonAdministrators' ? targets.nonAdministrators : targets[limit] !== undefined,
  );
}

/**
 * The administrative roles a principal names, in policy order; an unknown name is refused (D18) so that a
 * typo never silently removes or keeps a power.
 */
export function heldAdministrativeRoles(
  index: PolicyIndex,
  names: readonly string[] | undefined,
): AdministrativeRole[] {
  const held = new Set<string>();
  (names ?? []).forEach((name, position) => {
    if (!index.administrativeRoles.has(name)) {
      throw new PrincipalValidationError([
        {
          code: 'unknown_administrative_role',
          path: ['administrativeRoles', position],
          message: `administrative role "${name}" is not defined by the policy (${didYouMean(name, index.administrativeRoles.keys())}); fix the principal's roles or the policy`,
        },
      ]);
    }
    held.add(name);
  });
  return [...index.administrativeRoles.values()].filter((role) => held.has(role.name));
}

/**
 * Compiles the administrative roles of an actor who passed its gates into rules of the same ability: one
 * rule per role and target kind, whose subject is the kind (`user`, `contact`) and whose actions are the
 * role's operations. The rules grant no data privilege.
 */
export function compileAdministrativeRules(
  index: PolicyIndex,
  actor: AdministrativeActor,
  roles: readonly AdministrativeRole[],
): PortalRawRule[] {
  const rules: PortalRawRule[] = [];
  for (const role of roles) {
    const limits = limitsOf(role);
    const parts = limits.map((limit) => limitConditions[limit](actor, index));
    if (parts.includes(null)) continue;
    const conditions = parts.length === 0 ? undefined : and(parts as Condition[]);
    for (const targetKind of role.targets.kinds) {
      rules.push({
        action: [...role.operations],
        subject: targetKind,
        ...(conditions === undefined ? {} : { conditions }),
        reason: `${role.entra ? 'Entra' : 'administrative'} role "${role.name}" → ${targetKind} accounts${limits.length === 0 ? '' : ` (${limits.join(', ')})`}`,
        provenance: {
          kind: 'administrativeRole',
          administrativeRole: role.name,
          targetKind,
          limits,
          ...(role.entra ? { entra: true as const } : {}),
        },
      });
    }
  }
  return rules;
}
