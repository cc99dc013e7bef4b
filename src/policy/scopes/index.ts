import type { Scope } from '../../base/privilege.js';
import { accountScope } from './account.js';
import { contactScope } from './contact.js';
import { globalScope } from './global.js';
import { parentScope } from './parent.js';
import type { ScopeDefinition } from './scope.js';
import { selfScope } from './self.js';

/** Every scope, by name: the compiler and the validator map over this registry and never branch on a scope. */
export const scopes: Readonly<Record<Scope, ScopeDefinition>> = {
  global: globalScope,
  contact: contactScope,
  account: accountScope,
  self: selfScope,
  parent: parentScope,
};
