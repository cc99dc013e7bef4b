import type { AccessLevelDefinition } from './level.js';

/** Organization (global): every row of the table. */
export const organizationLevel: AccessLevelDefinition = {
  reach: () => [{ all: true }],
};
