import { type AccessLevelDefinition, ownership } from './level.js';

/** Parent: child business units (deep): owned rows, and every row of the grant's unit or any unit below it. */
export const parentChildBusinessUnitsLevel: AccessLevelDefinition = {
  reach: (context) => {
    const field = context.table.businessUnit;
    return field === undefined
      ? ownership(context)
      : [...ownership(context), { field, values: context.subtreeOf(context.businessUnit), subtree: true }];
  },
};
