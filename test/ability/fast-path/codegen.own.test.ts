import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { compileObjectRules, compileRules } from '../../../src/ability/fast-path/codegen.js';
import type { Condition } from '../../../src/base/condition.js';
import { abilityFor, subject } from '../../../src/index.js';
import { customerPortal, people } from '../../fixtures/customer-portal.js';

// Generated predicates answer "is this value the record's own?" without calling Object.hasOwn for records
// whose prototype is Object.prototype or null. These pin that the answer is Object.hasOwn's for every kind
// of record and every place a prototype can carry the field.

const FIELD = 'orderedBy';
const GRANTED = 'jane';
const eq: Condition = { operator: 'eq', field: FIELD, value: GRANTED };
const smallIn: Condition = { operator: 'in', field: FIELD, value: [GRANTED, 'may'] };
const largeIn: Condition = { operator: 'in', field: FIELD, value: [GRANTED, 'b', 'c', 'd', 'e', 'f'] };
const conditions = { eq, 'a few values': smallIn, 'many values': largeIn };

const pollute = (value: unknown) =>
  Object.defineProperty(Object.prototype, FIELD, { value, configurable: true, writable: true });
const unpollute = () => delete (Object.prototype as Record<string, unknown>)[FIELD];
afterEach(unpollute);

class Order {
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields);
  }
}
class OrderWithGetter {
  get orderedBy(): string {
    return GRANTED;
  }
}

// Every way a record can hold, inherit or lack the field; `own` says whether the value is the record's own.
function records(): { readonly name: string; readonly record: object; readonly own: boolean }[] {
  const inherited = { [FIELD]: GRANTED };
  const otherRealm = runInNewContext('({ orderedBy: "jane" })') as object;
  const otherRealmInherited = runInNewContext(
    'Object.prototype.orderedBy = "jane"; const r = {}; delete Object.prototype.orderedBy; Object.setPrototypeOf(r, { orderedBy: "jane" }); r',
  ) as object;
  return [
    { name: 'a plain record owning the value', record: { [FIELD]: GRANTED }, own: true },
    { name: 'a plain record without the field', record: {}, own: false },
    { name: 'a plain record owning another value', record: { [FIELD]: 'sam' }, own: false },
    {
      name: 'a record without prototype owning the value',
      record: Object.assign(Object.create(null), { [FIELD]: GRANTED }),
      own: true,
    },
    { name: 'a record without prototype nor the field', record: Object.create(null), own: false },
    { name: 'a record inheriting the value', record: Object.create(inherited), own: false },
    {
      name: 'a record inheriting it two levels up',
      record: Object.create(Object.create(inherited)),
      own: false,
    },
    {
      name: 'a record inheriting it from a prototype without prototype',
      record: Object.create(Object.assign(Object.create(null), inherited)),
      own: false,
    },
    {
      name: 'a record owning the value above a prototype carrying it',
      record: Object.assign(Object.create(inherited), { [FIELD]: GRANTED }),
      own: true,
    },
    { name: 'a class instance owning the value', record: new Order({ [FIELD]: GRANTED }), own: true },
    { name: 'a class instance without the field', record: new Order({}), own: false },
    {
      name: 'a class instance whose prototype has a getter for it',
      record: new OrderWithGetter(),
      own: false,
    },
    {
      name: 'an own getter answering the value',
      record: Object.defineProperty({}, FIELD, { get: () => GRANTED, enumerable: true }),
      own: true,
    },
    { name: "another realm's record owning the value", record: otherRealm, own: true },
    { name: "another realm's record inheriting the value", record: otherRealmInherited, own: false },
  ];
}

describe('a generated predicate grants only on the record’s own value, whatever carries the field', () => {
  for (const [kind, condition] of Object.entries(conditions)) {
    it(`${kind}: every kind of record is answered as Object.hasOwn and the value decide`, () => {
      const predicate = compileRules([condition]);
      expect(predicate.name).toBe('matches');
      const cases = records();
      for (const { name, record, own } of cases) expect([name, predicate(record)]).toEqual([name, own]);
      expect(cases.filter((entry) => entry.own).length).toBeGreaterThan(3);
    });

    it(`${kind}: with Object.prototype carrying the value, only records owning it are granted`, () => {
      const predicate = compileRules([condition]);
      const warm = { [FIELD]: GRANTED };
      for (let index = 0; index < 20_000; index++) predicate(index % 2 ? warm : {});
      pollute(GRANTED);
      expect(({} as Record<string, unknown>)[FIELD]).toBe(GRANTED);
      for (const { name, record, own } of records()) expect([name, predicate(record)]).toEqual([name, own]);
      expect(predicate({})).toBe(false);
      expect(predicate(warm)).toBe(true);
    });

    it(`${kind}: with Object.prototype carrying a getter, a record without the field is refused`, () => {
      const predicate = compileRules([condition]);
      Object.defineProperty(Object.prototype, FIELD, { get: () => GRANTED, configurable: true });
      expect(predicate({})).toBe(false);
      expect(predicate({ [FIELD]: GRANTED })).toBe(true);
    });
  }

  it('a parent reference and the parent row count only when owned, at both levels', () => {
    const parent: Condition = {
      operator: 'parent',
      field: 'salesOrderId',
      value: { table: 'salesorder', key: 'id', condition: eq },
    };
    const predicate = compileObjectRules([parent]);
    expect(predicate.name).toBe('matches');
    const order = { id: 'SO-1', [FIELD]: GRANTED };
    expect(predicate({ salesOrderId: 'SO-1', salesorder: order })).toBe(true);
    expect(predicate(Object.create({ salesOrderId: 'SO-1', salesorder: order }))).toBe(false);
    expect(predicate({ salesOrderId: 'SO-1', salesorder: Object.create(order) })).toBe(false);
    expect(predicate({ salesOrderId: 'SO-1', salesorder: { id: 'SO-1' } })).toBe(false);
    pollute(GRANTED);
    expect(predicate({ salesOrderId: 'SO-1', salesorder: { id: 'SO-1' } })).toBe(false);
    expect(predicate({ salesOrderId: 'SO-1', salesorder: order })).toBe(true);
  });

  it('a share list counts only when owned', () => {
    const shared: Condition = {
      operator: 'shared',
      field: 'shares',
      value: { principals: ['jane'], privilege: 'read' },
    };
    const predicate = compileRules([shared]);
    expect(predicate.name).toBe('matches');
    const shares = [{ principal: 'jane', privileges: ['read'] }];
    expect(predicate({ shares })).toBe(true);
    expect(predicate(Object.create({ shares }))).toBe(false);
    expect(predicate(Object.assign(Object.create(null), { shares }))).toBe(true);
  });
});

describe('a polluted Object.prototype grants nothing through an ability, warm or cold', () => {
  it("check() and can() refuse an order whose orderer comes from Object.prototype, after granting Jane's own", () => {
    const jane = abilityFor(customerPortal, people.jane);
    const mine = { id: 'SO-1', orderedBy: 'jane' };
    expect(jane.check('read', 'salesorder', mine)).toBe(true);
    expect(jane.can('read', subject('salesorder', { ...mine }))).toBe(true);
    pollute('jane');
    expect(jane.check('read', 'salesorder', { id: 'SO-9' })).toBe(false);
    expect(jane.can('read', subject('salesorder', { id: 'SO-9' }))).toBe(false);
    expect(jane.check('read', 'salesorder', mine)).toBe(true);
  });
});
