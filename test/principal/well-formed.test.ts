import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abilityFor, accessibleWhere, definePolicy, explain, subject } from '../../src/index.js';
import { customerPortal, people } from '../fixtures/customer-portal.js';
import { internalInput, internalPolicy } from '../fixtures/internal-users.js';
import { createPostgres, type TestDatabase, type TestTable } from '../query/databases.js';

// RELIABILITY 22: PostgreSQL drivers encode an unpaired surrogate as U+FFFD, so an ill-formed id would name,
// in SQL, a row whose id really contains U+FFFD, while memory compares the original text.
const LONE = '\uD800';
const orderTable: TestTable = {
  name: 'salesorder',
  columns: ['id', 'orderedBy', 'customerAccount', 'company'],
};
const lineTable: TestTable = { name: 'salesorderline', columns: ['id', 'salesOrderId'] };

describe('ids with an unpaired surrogate are refused where they enter (RELIABILITY 22)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgres();
    await db.create([orderTable, lineTable]);
  }, 60_000);
  afterAll(() => db?.close());

  it('the PostgreSQL driver really stores and compares an unpaired surrogate as U+FFFD', async () => {
    await db.clear([orderTable]);
    await db.insert(orderTable, [
      { id: 'SO-7', orderedBy: 'jane\uFFFD', customerAccount: 'X', company: 'usmf' },
    ]);
    expect(await db.ids('salesorder', '"orderedBy" = $1', [`jane${LONE}`])).toEqual(['SO-7']);
  });

  it("a contact id with an unpaired surrogate is refused, so SQL cannot list another contact's orders", () => {
    expect(() => abilityFor(customerPortal, { ...people.jane, id: `jane${LONE}` })).toThrow(
      expect.objectContaining({ code: 'invalid_principal', path: ['id'] }),
    );
  });

  it('an account or legal entity with an unpaired surrogate is refused', () => {
    expect(() => abilityFor(customerPortal, { ...people.rep, accountId: `X${LONE}` })).toThrow(
      expect.objectContaining({ code: 'invalid_principal', path: ['accountId'] }),
    );
    expect(() => abilityFor(customerPortal, { ...people.rep, legalEntity: `usmf${LONE}` })).toThrow(
      expect.objectContaining({ code: 'invalid_principal', path: ['legalEntity'] }),
    );
  });

  it('an internal user id, business unit or team with an unpaired surrogate is refused', () => {
    const user = { kind: 'user', id: 'ulla', businessUnitId: 'sales', licensed: true } as const;
    for (const principal of [
      { ...user, id: `ulla${LONE}` },
      { ...user, businessUnitId: `sales${LONE}` },
      { ...user, teams: [`north-desk${LONE}`] },
    ]) {
      expect(() => abilityFor(internalPolicy, principal)).toThrow(
        expect.objectContaining({ code: 'invalid_principal' }),
      );
    }
  });

  it('a policy whose business unit id or role name has an unpaired surrogate is refused with its path', () => {
    const units = internalInput.businessUnits.map((unit) =>
      unit.id === 'east1' ? { ...unit, id: `east1${LONE}` } : unit,
    );
    expect(() => definePolicy({ ...internalInput, businessUnits: units })).toThrow(
      expect.objectContaining({
        code: 'invalid_policy',
        issues: expect.arrayContaining([expect.objectContaining({ path: ['businessUnits', 3, 'id'] })]),
      }),
    );
    const roles = [{ name: `Reader${LONE}`, privileges: { salesorder: { read: 'user' as const } } }];
    expect(() => definePolicy({ ...internalInput, securityRoles: roles })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([expect.objectContaining({ path: ['securityRoles', 0, 'name'] })]),
      }),
    );
  });

  it('a surrogate pair (an emoji) is well-formed and accepted', () => {
    const ability = abilityFor(customerPortal, { ...people.jane, id: 'jane\uD83D\uDE00' });
    expect(ability.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane\uD83D\uDE00' }))).toBe(
      true,
    );
  });

  it('a line whose ill-formed reference matches its embedded order is not related in memory, nor in SQL', async () => {
    const jane = abilityFor(customerPortal, people.jane);
    const order = { id: `SO-${LONE}`, orderedBy: 'jane', customerAccount: 'X', company: 'usmf' };
    const line = { id: 'L-1', salesOrderId: `SO-${LONE}` };
    const embedded = subject('salesorderline', { ...line, salesorder: order });
    expect(jane.can('read', embedded)).toBe(false);
    const why = explain(jane, 'read', embedded);
    expect(why.message).toContain('not well-formed Unicode');

    // Stored, both ids become "SO-\uFFFD": the rows SQL lists are well-formed, and memory agrees on them.
    await db.clear([orderTable, lineTable]);
    await db.insert(orderTable, [order]);
    await db.insert(lineTable, [line]);
    const { sql, params } = accessibleWhere(jane, 'read', 'salesorderline', { dialect: 'postgres' });
    const listed = await db.ids('salesorderline', sql, params);
    const [stored] = await db.query('SELECT id, "salesOrderId" FROM salesorderline');
    const [storedOrder] = await db.query('SELECT * FROM salesorder');
    const loaded = subject('salesorderline', { ...stored, salesorder: storedOrder });
    expect(listed).toEqual(jane.can('read', loaded) ? ['L-1'] : []);
  });
});
