import type { ScopeSubject } from '../../../src/policy/scopes/scope.js';
import { defineTable, type TableDefinition, type TableInput } from '../../../src/policy/table.js';
import type { TablePermission } from '../../../src/policy/table-permission.js';

/** The contact of a company: Jane of account X in legal entity usmf. */
export const jane: ScopeSubject = { contactId: 'jane', accountId: 'X', legalEntity: 'usmf' };

/** A visitor: no contact, no account, no legal entity. */
export const visitor: ScopeSubject = { contactId: undefined, accountId: undefined, legalEntity: undefined };

/** A validated table of the given shape. */
export const table = (name: string, input: TableInput = {}): TableDefinition =>
  defineTable(name, input as Parameters<typeof defineTable>[1]);

/** A validated, effective table permission reading `table` under `scope`. */
export function permission(
  fields: Partial<TablePermission> & Pick<TablePermission, 'scope'>,
): TablePermission {
  return {
    name: 'Orders',
    table: 'salesorder',
    privileges: ['read', 'create'],
    webRoles: ['Buyer'],
    active: true,
    effective: true,
    index: 0,
    ...fields,
  };
}
