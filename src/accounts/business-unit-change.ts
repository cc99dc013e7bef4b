import { didYouMean } from '../base/names.js';
import { stateOf } from './account-state.js';
import { type AuditEvent, auditEvent } from './audit-event.js';
import { instantOf, type LifecycleEnvironment } from './environment.js';
import { ownFields } from './own.js';
import { AccountTransitionError, LifecycleInputError } from './refusals.js';
import type { LifecycleUser } from './user.js';

/** The organization setting a business-unit change reads; off unless set (SPEC 2.4). */
export interface BusinessUnitChangeSettings {
  /** Dataverse's `DoNotRemoveRolesOnChangeBusinessUnit`: only `true` keeps the roles. */
  readonly DoNotRemoveRolesOnChangeBusinessUnit?: boolean;
}

/** What `changeBusinessUnit` needs: the user, the unit it moves to, the known units and the setting. */
export interface BusinessUnitChangeRequest<TUser extends LifecycleUser> {
  readonly user: TUser;
  readonly businessUnitId: string;
  /** The units of the organization; when given, an unknown unit is refused with a did-you-mean. */
  readonly businessUnits?: readonly string[];
  readonly settings?: BusinessUnitChangeSettings;
  readonly actorId?: string;
}

/** The moved user, the roles the move took away, and the audit event. */
export interface BusinessUnitChange<TUser extends LifecycleUser> {
  readonly user: TUser;
  /** The roles removed by the move (none when the setting keeps them). */
  readonly removedRoles: readonly string[];
  /** True when the user keeps roles, which then count from the new unit: a new assignment there. */
  readonly keptRoles: boolean;
  readonly event: AuditEvent;
}

/**
 * Moves an internal user to another business unit. As in Dataverse (SPEC 2.4), the move removes the user's
 * security roles unless `DoNotRemoveRolesOnChangeBusinessUnit` is `true` (a mistyped value removes them);
 * team memberships stay. Refused for a deleted or purged user and for a move to the same unit.
 *
 * @example
 * const { user, removedRoles } = changeBusinessUnit(systemEnvironment, { user: eve, businessUnitId: 'north' });
 */
export function changeBusinessUnit<TUser extends LifecycleUser>(
  environment: LifecycleEnvironment,
  request: BusinessUnitChangeRequest<TUser>,
): BusinessUnitChange<TUser> {
  const { user, businessUnitId, businessUnits, actorId } = ownFields(request);
  const settings = ownFields(ownFields(request).settings ?? {});
  if (typeof businessUnitId !== 'string' || businessUnitId === '') {
    throw new LifecycleInputError([
      {
        code: 'missing_business_unit',
        path: ['businessUnitId'],
        message: 'name the unit to move the user to',
      },
    ]);
  }
  if (businessUnits !== undefined && !businessUnits.includes(businessUnitId)) {
    throw new LifecycleInputError([
      {
        code: 'unknown_business_unit',
        path: ['businessUnitId'],
        message: `business unit "${businessUnitId}" is unknown (${didYouMean(businessUnitId, businessUnits)})`,
      },
    ]);
  }
  const state = stateOf(user);
  if (state === 'deleted' || state === 'purged') {
    throw new AccountTransitionError('move', state, 'restore the user first');
  }
  if (businessUnitId === user.businessUnitId) {
    throw new LifecycleInputError([
      {
        code: 'same_business_unit',
        path: ['businessUnitId'],
        message: `the user is already in business unit "${businessUnitId}"`,
      },
    ]);
  }
  const keep = settings.DoNotRemoveRolesOnChangeBusinessUnit === true;
  const roles = user.securityRoles ?? [];
  const removedRoles = keep ? [] : [...roles];
  return {
    user: { ...user, businessUnitId, securityRoles: keep ? roles : [] },
    removedRoles,
    keptRoles: keep && roles.length > 0,
    event: auditEvent('user.businessUnitChanged', instantOf(environment), user.id, actorId, {
      businessUnitId,
      from: user.businessUnitId,
      removedRoles,
    }),
  };
}
