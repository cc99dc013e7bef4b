import { describe, expect, it } from 'vitest';
import { definePolicy } from '../../src/index.js';
import { type SqlMapping, sqlTablesOf } from '../../src/query/sql-mapping.js';

const policy = definePolicy({
  tables: {
    salesorder: {
      key: 'orderNumber',
      account: 'customerAccount',
      shares: 'shares',
      sql: {
        table: 'sales_orders',
        columns: { customerAccount: 'customer_account', orderNumber: 'order_number' },
        shares: { table: 'order_shares', principal: 'grantee' },
      },
    },
    contact: {},
  },
});

describe('SQL names of policy tables', () => {
  it('the declaration maps the table, its columns, its key and its share table; other names stay', () => {
    const table = sqlTablesOf(policy)('salesorder');
    expect({
      name: table.name,
      key: table.key,
      account: table.column('customerAccount'),
      other: table.column('orderedBy'),
      shares: table.shares,
    }).toEqual({
      name: '"sales_orders"',
      key: '"order_number"',
      account: '"customer_account"',
      other: '"orderedBy"',
      shares: {
        table: '"order_shares"',
        record: '"record"',
        principal: '"grantee"',
        privilege: '"privilege"',
      },
    });
  });

  it('a mapping overrides the declaration column by column', () => {
    const table = sqlTablesOf(policy, { salesorder: { columns: { customerAccount: 'account_no' } } })(
      'salesorder',
    );
    expect([table.name, table.column('customerAccount'), table.key]).toEqual([
      '"sales_orders"',
      '"account_no"',
      '"order_number"',
    ]);
  });

  it('the same mapping object resolves once', () => {
    const mapping = { contact: { table: 'contacts' } };
    expect(sqlTablesOf(policy, mapping)).toBe(sqlTablesOf(policy, mapping));
  });

  it('names that are not plain identifiers are refused wherever they appear in a mapping', () => {
    const bad = [
      { salesorder: { table: 'sales orders' } },
      { salesorder: { columns: { 'customer"Account': 'x' } } },
      { salesorder: { shares: { table: 'order_shares', record: 'rec"ord' } } },
      { contact: { columns: { id: '__proto__' } } },
    ];
    for (const mapping of bad) {
      expect(() => sqlTablesOf(policy, mapping)).toThrow(
        expect.objectContaining({ code: 'invalid_sql_identifier' }),
      );
    }
  });
});

describe('SQL names come from own properties only (RELIABILITY 19)', () => {
  const polluting = (field: string, value: unknown, run: () => void) => {
    Object.defineProperty(Object.prototype, field, { value, configurable: true, writable: true });
    try {
      run();
    } finally {
      delete (Object.prototype as Record<string, unknown>)[field];
    }
  };
  const fresh = () => definePolicy({ tables: { salesorder: { contact: 'orderedBy' } } });

  it('a polluted Object.prototype.sql or columns remaps no table and no column', () => {
    const first = fresh();
    polluting('sql', { table: 'everything', columns: { orderedBy: 'id' } }, () => {
      const table = sqlTablesOf(first)('salesorder');
      expect([table.name, table.column('orderedBy')]).toEqual(['"salesorder"', '"orderedBy"']);
    });
    const second = fresh();
    polluting('columns', { orderedBy: 'id' }, () => {
      const table = sqlTablesOf(second, { salesorder: { table: 'orders' } })('salesorder');
      expect([table.name, table.column('orderedBy')]).toEqual(['"orders"', '"orderedBy"']);
    });
  });
});

describe('a refused SQL name says where it is', () => {
  const pathOf = (mapping: object): unknown => {
    try {
      sqlTablesOf(policy, mapping as never);
    } catch (error) {
      return (error as { path?: unknown }).path;
    }
    return 'accepted';
  };

  it('each bad name in a mapping is refused at its own path under mapping.<table>', () => {
    expect(pathOf({ salesorder: { table: 'sales orders' } })).toEqual(['mapping', 'salesorder', 'table']);
    expect(pathOf({ salesorder: { columns: { 'customer"Account': 'x' } } })).toEqual([
      'mapping',
      'salesorder',
      'columns',
    ]);
    expect(pathOf({ salesorder: { columns: { customerAccount: 'account no' } } })).toEqual([
      'mapping',
      'salesorder',
      'columns',
      'customerAccount',
    ]);
    expect(pathOf({ salesorder: { shares: { table: 'order_shares', record: 'rec"ord' } } })).toEqual([
      'mapping',
      'salesorder',
      'shares',
      'record',
    ]);
  });

  it('a mapping of a table the policy does not declare is refused at mapping.<table>, with a hint', () => {
    expect(pathOf({ salesorders: { table: 'x' } })).toEqual(['mapping', 'salesorders']);
    expect(() => sqlTablesOf(policy, { salesorders: { table: 'x' } } as never)).toThrow(
      expect.objectContaining({ code: 'unknown_table', message: expect.stringMatching(/salesorder/) }),
    );
  });

  it('the message of a refused name quotes it and names its path', () => {
    expect(() => sqlTablesOf(policy, { salesorder: { table: 'sales orders' } })).toThrow(
      /SQL name "sales orders" at mapping\.salesorder\.table is not allowed/,
    );
  });
});

describe('what a mapping passed at query time may hold', () => {
  const refusalOf = (mapping: object): unknown => {
    try {
      sqlTablesOf(policy, mapping as never);
    } catch (error) {
      const { code, path } = error as { code?: unknown; path?: unknown };
      return { code, path };
    }
    return 'accepted';
  };

  it('a mapping name that is not a string is refused at its path, even when its text is a plain identifier', () => {
    const refused = (path: string[]) => ({
      code: 'invalid_sql_identifier',
      path: ['mapping', 'salesorder', ...path],
    });
    expect(refusalOf({ salesorder: { table: ['orders'] } })).toEqual(refused(['table']));
    expect(
      refusalOf({ salesorder: { columns: { customerAccount: { toString: () => 'account_no' } } } }),
    ).toEqual(refused(['columns', 'customerAccount']));
    expect(refusalOf({ salesorder: { shares: { table: 'order_shares', principal: ['grantee'] } } })).toEqual(
      refused(['shares', 'principal']),
    );
  });

  it('a share column given as undefined takes its default name, exactly as if it were left out', () => {
    const shares = (mapping: SqlMapping) => sqlTablesOf(policy, mapping)('salesorder').shares;
    const explicit = shares({
      salesorder: {
        shares: { table: 'order_shares', record: undefined, principal: undefined, privilege: undefined },
      },
    });
    expect(explicit).toEqual(shares({ salesorder: { shares: { table: 'order_shares' } } }));
    expect(explicit).toEqual({
      table: '"order_shares"',
      record: '"record"',
      principal: '"principal"',
      privilege: '"privilege"',
    });
  });

  it('shares mapped without a share table are refused at mapping.<table>.shares.table: that name has no default', () => {
    const refused = { code: 'invalid_sql_identifier', path: ['mapping', 'salesorder', 'shares', 'table'] };
    expect(refusalOf({ salesorder: { shares: {} } })).toEqual(refused);
    expect(refusalOf({ salesorder: { shares: { table: undefined, principal: 'grantee' } } })).toEqual(
      refused,
    );
  });
});
