import type { AccessLevelDefinition } from './level.js';

/** None: the privilege is not held at all. */
export const noneLevel: AccessLevelDefinition = {
  reach: () => [],
};
