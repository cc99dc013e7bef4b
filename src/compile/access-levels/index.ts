import type { AccessLevel } from '../../policy/security-role.js';
import { businessUnitLevel } from './business-unit.js';
import type { AccessLevelDefinition } from './level.js';
import { noneLevel } from './none.js';
import { organizationLevel } from './organization.js';
import { parentChildBusinessUnitsLevel } from './parent-child-business-units.js';
import { userLevel } from './user.js';

/** Every access level, by name: the compiler maps over this registry and never branches on a level. */
export const accessLevels: Readonly<Record<AccessLevel, AccessLevelDefinition>> = {
  none: noneLevel,
  user: userLevel,
  businessUnit: businessUnitLevel,
  parentChildBusinessUnits: parentChildBusinessUnitsLevel,
  organization: organizationLevel,
};
