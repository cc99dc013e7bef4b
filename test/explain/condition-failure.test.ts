import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/base/condition.js';
import { whyNot } from '../../src/explain/condition-failure.js';

const owner: Condition = { operator: 'eq', field: 'ownerid', value: 'u1' };
const customer: Condition = {
  operator: 'parent',
  field: 'customerid',
  value: { table: 'account', key: 'accountid', condition: owner },
};

describe('why a condition does not hold for a record', () => {
  it('a condition that holds has no failure', () => {
    expect(whyNot(owner, { ownerid: 'u1' })).toEqual([]);
    expect(whyNot(customer, { customerid: 'a', account: { accountid: 'a', ownerid: 'u1' } })).toEqual([]);
  });

  it('names what the record holds, echoing only strings and naming the type of anything else', () => {
    const found = (record: unknown) => (whyNot(owner, record)[0] as { found: unknown }).found;
    expect(found({ ownerid: 'u2' })).toEqual({ kind: 'string', value: 'u2' });
    expect(found({})).toEqual({ kind: 'missing' });
    expect(found({ ownerid: undefined })).toEqual({ kind: 'missing' });
    expect(found({ ownerid: null })).toEqual({ kind: 'null' });
    expect(found({ ownerid: ['u1'] })).toEqual({ kind: 'other', type: 'array' });
    expect(found({ ownerid: { id: 'u1' } })).toEqual({ kind: 'other', type: 'object' });
    expect(found({ ownerid: 1 })).toEqual({ kind: 'other', type: 'number' });
    expect(found(Object.create({ ownerid: 'u1' }))).toEqual({ kind: 'missing' });
    expect(found('u1')).toEqual({ kind: 'missing' });
  });

  it('names the step of reaching the related row that failed', () => {
    const problem = (record: unknown) => (whyNot(customer, record)[0] as { problem: string }).problem;
    expect(problem({ customerid: 7 })).toBe('reference_not_a_string');
    expect(problem({ customerid: '', account: { accountid: '' } })).toBe('reference_empty');
    expect(problem({ customerid: '\uD800', account: { accountid: '\uD800' } })).toBe('reference_ill_formed');
    expect(problem({ customerid: 'a' })).toBe('parent_missing');
    expect(problem({ customerid: 'a', account: 'a' })).toBe('parent_missing');
    expect(problem({ customerid: 'a', account: { accountid: 'b', ownerid: 'u1' } })).toBe('parent_mismatch');
    expect(whyNot(customer, { customerid: 'a', account: { accountid: 'b' } })[0]).toMatchObject({
      parentKey: { kind: 'string', value: 'b' },
    });
    expect(whyNot(customer, { customerid: 'a', account: { accountid: 'a', ownerid: 'u2' } })).toEqual([
      {
        operator: 'parent',
        field: 'customerid',
        table: 'account',
        key: 'accountid',
        found: { kind: 'string', value: 'a' },
        problem: 'parent_condition',
        failures: [
          { operator: 'eq', field: 'ownerid', expected: 'u1', found: { kind: 'string', value: 'u2' } },
        ],
      },
    ]);
  });

  it('says whether shares and links are missing as a list or miss this principal', () => {
    const shared: Condition = {
      operator: 'shared',
      field: 'shares',
      value: { principals: ['u1'], privilege: 'read' },
    };
    expect(whyNot(shared, {})[0]).toMatchObject({
      problem: 'shares_missing',
      principals: ['u1'],
      privilege: 'read',
    });
    expect(whyNot(shared, { shares: [] })[0]).toMatchObject({ problem: 'no_matching_share' });
    const linked: Condition = { operator: 'linked', field: 'ids', value: { relationship: 'rel', id: 'c1' } };
    expect(whyNot(linked, { ids: 'c1' })[0]).toMatchObject({
      problem: 'ids_not_a_list',
      relationship: 'rel',
      id: 'c1',
      found: { kind: 'string', value: 'c1' },
    });
    expect(whyNot(linked, { ids: ['c2'] })[0]).toMatchObject({ problem: 'not_linked' });
  });

  it('reports only the failing children of an and, and every alternative of an or', () => {
    const both: Condition = {
      operator: 'and',
      value: [owner, { operator: 'eq', field: 'state', value: 'open' }],
    };
    expect(whyNot(both, { ownerid: 'u1', state: 'closed' })).toEqual([
      { operator: 'eq', field: 'state', expected: 'open', found: { kind: 'string', value: 'closed' } },
    ]);
    const either: Condition = {
      operator: 'or',
      value: [owner, { operator: 'in', field: 'unit', value: ['b1'] }],
    };
    expect(whyNot(either, {})).toEqual([
      {
        operator: 'or',
        alternatives: [
          [{ operator: 'eq', field: 'ownerid', expected: 'u1', found: { kind: 'missing' } }],
          [{ operator: 'in', field: 'unit', expected: ['b1'], found: { kind: 'missing' } }],
        ],
      },
    ]);
  });

  it('an operator the matcher does not know, own or inherited, is reported as never matching', () => {
    expect(whyNot({ operator: '$where', field: 'a', value: 'x' } as unknown as Condition, {})).toEqual([
      { operator: 'unsupported', name: '$where' },
    ]);
    expect(whyNot({ operator: 'toString' } as unknown as Condition, {})).toEqual([
      { operator: 'unsupported', name: 'toString' },
    ]);
  });
});
