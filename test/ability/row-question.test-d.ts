import { describe, expectTypeOf, it } from 'vitest';
import {
  type Action,
  abilityFor,
  accessibleColumns,
  accessibleWhere,
  definePolicy,
  permittedColumns,
} from '../../src/index.js';
import { whereAccessible as drizzleWhere } from '../../src/integrations/drizzle/index.js';
import { whereAccessible as kyselyWhere } from '../../src/integrations/kysely/index.js';
import { accessibleFragments } from '../../src/query/accessible-where.js';

const policy = definePolicy({
  tables: { salesorder: { fields: ['id', 'orderedBy'], contact: 'orderedBy' } },
  webRoles: [{ name: 'Authorized user' }],
});
const jane = abilityFor(policy, { kind: 'contact', id: 'jane', webRoles: ['Authorized user'] });
const postgres = { dialect: 'postgres' } as const;

describe('every question about the rows of a table checks its names the same way', () => {
  it('accepts a declared table and an action on rows', () => {
    accessibleWhere(jane, 'read', 'salesorder', postgres);
    accessibleFragments(jane, 'write', 'salesorder', postgres);
    accessibleColumns(jane, 'read', 'salesorder', postgres);
    permittedColumns(jane, 'read', 'salesorder', { id: 'SO-1' });
    kyselyWhere(jane, 'read', 'salesorder', postgres);
    drizzleWhere(jane, 'read', 'salesorder', {});
  });

  it('refuses an undeclared table', () => {
    // @ts-expect-error: "salesordr" is not a table of the policy
    accessibleFragments(jane, 'read', 'salesordr', postgres);
    // @ts-expect-error: "salesordr" is not a table of the policy
    accessibleColumns(jane, 'read', 'salesordr', postgres);
  });

  it('refuses an action rows are never granted', () => {
    // @ts-expect-error: view is an action on pages, not on rows
    accessibleFragments(jane, 'view', 'salesorder', postgres);
    // @ts-expect-error: invite is an administrative operation, not an action on rows
    accessibleColumns(jane, 'invite', 'salesorder', postgres);
    // @ts-expect-error: view is an action on pages, not on rows
    permittedColumns(jane, 'view', 'salesorder');
    // @ts-expect-error: view is an action on pages, not on rows
    kyselyWhere(jane, 'view', 'salesorder', postgres);
    // @ts-expect-error: view is an action on pages, not on rows
    drizzleWhere(jane, 'view', 'salesorder', {});
  });

  it('accepts a table typed string and an action typed Action, checked at run time', () => {
    const table: string = 'from a route';
    const action: Action = 'read';
    accessibleWhere(jane, action, table, postgres);
    accessibleColumns(jane, action, table, postgres);
    expectTypeOf(permittedColumns(jane, action, table)).toEqualTypeOf<string[]>();
    kyselyWhere(jane, action, table, postgres);
    drizzleWhere(jane, action, table, {});
  });

  it('keeps the other arguments: options are required, a record and the Drizzle options optional', () => {
    // @ts-expect-error: accessibleWhere needs its options (the dialect)
    accessibleWhere(jane, 'read', 'salesorder');
    // @ts-expect-error: accessibleColumns needs its options (the dialect)
    accessibleColumns(jane, 'read', 'salesorder');
    // @ts-expect-error: the Drizzle filter needs the Drizzle tables
    drizzleWhere(jane, 'read', 'salesorder');
    drizzleWhere(jane, 'read', 'salesorder', {}, { mapping: {} });
    expectTypeOf(permittedColumns(jane, 'read', 'salesorder')).toEqualTypeOf<('id' | 'orderedBy')[]>();
  });
});
