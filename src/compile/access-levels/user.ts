import { type AccessLevelDefinition, ownership } from './level.js';

/** User (basic): rows owned by the user or by one of the user's teams. */
export const userLevel: AccessLevelDefinition = {
  reach: ownership,
};
