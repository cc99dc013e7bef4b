import { eq, or } from '../condition.js';
import type { Coverage } from '../scopes/scope.js';
import { type AccessLevelDefinition, ownership } from './level.js';

/** Business unit (local): owned rows, and every row of the grant's business unit. */
export const businessUnitLevel: AccessLevelDefinition = {
  coverage: (context) => {
    const field = context.table.businessUnit;
    const owned = ownership(context);
    if (field === undefined) return owned;
    const inUnit: Coverage = eq(field, context.businessUnit);
    return owned === null ? inUnit : or([owned, inUnit]);
  },
};
