import { type AccessLevelDefinition, ownership } from './level.js';

/** Business unit (local): owned rows, and every row of the grant's business unit. */
export const businessUnitLevel: AccessLevelDefinition = {
  reach: (context) => {
    const field = context.table.businessUnit;
    return field === undefined
      ? ownership(context)
      : [...ownership(context), { field, values: [context.businessUnit] }];
  },
};
