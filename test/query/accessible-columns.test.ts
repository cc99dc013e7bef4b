import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  accessibleColumns,
  accessibleWhere,
  definePolicy,
  isPortalPermissionsError,
} from '../../src/index.js';
import { contacts, pricedPortal, pricedPortalInput } from '../fixtures/column-security.js';

describe('accessibleColumns', () => {
  it('gives an authorized user the quoted select list without price and total', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const columns = accessibleColumns(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expect(columns.sql).toBe(
      '"id", "orderedBy", "customerAccount", "company", "ownerId", "owningBusinessUnitId", "status"',
    );
    expect(columns.fields).not.toContain('price');
  });

  it('gives a representative price and total, mapped to SQL names and qualified by the alias', () => {
    const policy = definePolicy({
      ...pricedPortalInput,
      tables: {
        ...pricedPortalInput.tables,
        salesorder: {
          ...pricedPortalInput.tables.salesorder,
          sql: { table: 'sales_orders', columns: { total: 'total_amount' } },
        },
      },
    });
    const rita = abilityFor(policy, contacts.rita);
    const { sql } = accessibleColumns(rita, 'read', 'salesorder', { dialect: 'sqlite', alias: 'o' });
    expect(sql).toContain('"o"."price"');
    expect(sql).toContain('"o"."total_amount"');
  });

  it('is empty for a principal without row access, and the row filter stays row-level', () => {
    const pat = abilityFor(pricedPortal, contacts.plain);
    expect(accessibleColumns(pat, 'read', 'salesorder', { dialect: 'postgres' })).toEqual({
      sql: '',
      fields: [],
    });
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' }).sql).not.toContain('price');
  });

  it('refuses an unknown dialect, a hostile alias and a table without declared fields', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isPortalPermissionsError(error) ? error.code : 'other';
      }
      return undefined;
    };
    expect(
      codeOf(() => accessibleColumns(jane, 'read', 'salesorder', { dialect: 'mysql' as 'postgres' })),
    ).toBe('unknown_dialect');
    expect(
      codeOf(() => accessibleColumns(jane, 'read', 'salesorder', { dialect: 'postgres', alias: 'o"; --' })),
    ).toBe('invalid_sql_identifier');
    expect(codeOf(() => accessibleColumns(jane, 'read', 'note', { dialect: 'postgres' }))).toBe(
      'columns_unknown',
    );
  });
});

describe('accessibleColumns refuses what it cannot write', () => {
  const jane = () => abilityFor(pricedPortal, contacts.jane);
  const refusal = (options: object): Record<string, unknown> => {
    try {
      accessibleColumns(jane(), 'read', 'salesorder', options as never);
    } catch (error) {
      return error as Record<string, unknown>;
    }
    return {};
  };

  it('an unknown dialect is refused at dialect, naming it and every supported dialect', () => {
    const error = refusal({ dialect: 'oracle' });
    expect(error).toMatchObject({ code: 'unknown_dialect', path: ['dialect'] });
    expect(error.message).toMatch(/"oracle" is not supported; use one of "postgres", "sqlite"/);
  });

  it('an alias that is not a plain identifier is refused at alias', () => {
    expect(refusal({ dialect: 'postgres', alias: 'o"; drop' })).toMatchObject({
      code: 'invalid_sql_identifier',
      path: ['alias'],
    });
  });
});
