import type { ScopeDefinition } from './scope.js';

/** Global scope: every row of the table. */
export const globalScope: ScopeDefinition = {
  relationship: () => ({}),
  coverage: () => true,
};
