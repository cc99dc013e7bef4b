import { or, within } from '../condition.js';
import { type AccessLevelDefinition, ownership } from './level.js';

/** Parent: child business units (deep): owned rows, and every row of the grant's unit or any unit below it. */
export const parentChildBusinessUnitsLevel: AccessLevelDefinition = {
  coverage: (context) => {
    const field = context.table.businessUnit;
    const owned = ownership(context);
    if (field === undefined) return owned;
    // The subtree array is shared by every ability of the policy, so matchers cache one set for it.
    const inSubtree = within(field, context.subtreeOf(context.businessUnit));
    return owned === null ? inSubtree : or([owned, inSubtree]);
  },
};
