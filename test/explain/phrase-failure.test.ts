import { describe, expect, it } from 'vitest';
import type { ConditionFailure, ParentFailure } from '../../src/explain/condition-failure.js';
import { phraseFailure, phraseFailures } from '../../src/explain/phrase-failure.js';

const eq = (found: Extract<ConditionFailure, { operator: 'eq' }>['found']): ConditionFailure => ({
  operator: 'eq',
  field: 'orderedBy',
  expected: 'sam',
  found,
});

describe('a failed condition in words', () => {
  it('says what an equality required and what the record holds, naming only the type of what is not text', () => {
    expect(phraseFailure(eq({ kind: 'string', value: 'jane' }))).toBe(
      'requires orderedBy = "sam", the record has "jane"',
    );
    expect(phraseFailure(eq({ kind: 'missing' }))).toBe(
      'requires orderedBy = "sam", the record has no orderedBy',
    );
    expect(phraseFailure(eq({ kind: 'null' }))).toBe(
      'requires orderedBy = "sam", the record\'s orderedBy is null',
    );
    expect(phraseFailure(eq({ kind: 'other', type: 'number' }))).toBe(
      'requires orderedBy = "sam", the record\'s orderedBy is a number, not a string',
    );
    expect(phraseFailure(eq({ kind: 'other', type: 'array' }), 'the order')).toBe(
      'requires orderedBy = "sam", the order\'s orderedBy is an array, not a string',
    );
    expect(phraseFailure(eq({ kind: 'other', type: 'object' }))).toMatch(/is an object, not a string$/);
  });

  it('lists at most five wanted values and counts the rest', () => {
    const failure = (expected: string[]): ConditionFailure => ({
      operator: 'in',
      field: 'unit',
      expected,
      found: { kind: 'missing' },
    });
    expect(phraseFailure(failure(['a', 'b', 'c', 'd', 'e', 'f', 'g']))).toBe(
      'requires unit in ("a", "b", "c", "d", "e", … 2 more), the record has no unit',
    );
    expect(phraseFailure(failure(['a', 'b', 'c', 'd', 'e']))).toBe(
      'requires unit in ("a", "b", "c", "d", "e"), the record has no unit',
    );
  });

  it('names the step of reaching a related row that failed', () => {
    const parent = (
      problem: ParentFailure['problem'],
      extra: Partial<ParentFailure> = {},
    ): ParentFailure => ({
      operator: 'parent',
      field: 'customerid',
      table: 'account',
      key: 'accountid',
      found: { kind: 'string', value: 'A-1' },
      problem,
      ...extra,
    });
    expect(phraseFailure({ ...parent('reference_not_a_string'), found: { kind: 'null' } })).toBe(
      "requires customerid to reference a account row, the record's customerid is null",
    );
    expect(phraseFailure(parent('reference_empty'))).toBe(
      "requires customerid to reference a account row, the record's customerid is empty",
    );
    expect(phraseFailure(parent('reference_ill_formed'))).toBe(
      "requires customerid to reference a account row, the record's customerid is not well-formed Unicode (an unpaired surrogate)",
    );
    expect(phraseFailure(parent('parent_missing'))).toBe(
      'requires the account row it references (customerid = "A-1") embedded under "account", the record has none',
    );
    expect(phraseFailure({ ...parent('parent_missing'), found: { kind: 'missing' } })).toBe(
      'requires the account row it references embedded under "account", the record has none',
    );
    expect(phraseFailure(parent('parent_mismatch', { parentKey: { kind: 'string', value: 'A-2' } }))).toBe(
      'requires the embedded account row to be the one it references (customerid = "A-1"), the embedded row has "A-2"',
    );
    expect(phraseFailure(parent('parent_mismatch'))).toBe(
      'requires the embedded account row to be the one it references (customerid = "A-1"), the embedded row has no accountid',
    );
    expect(
      phraseFailure(
        parent('parent_condition', {
          failures: [
            { operator: 'eq', field: 'ownerid', expected: 'u1', found: { kind: 'string', value: 'u2' } },
          ],
        }),
      ),
    ).toBe(
      'requires the related account row (customerid = "A-1") to be covered: requires ownerid = "u1", the account row has "u2"',
    );
    expect(phraseFailure(parent('parent_condition'))).toBe(
      'requires the related account row (customerid = "A-1") to be covered: ',
    );
  });

  it('says whether a shared record has no shares at all or none for these principals', () => {
    const shared = (problem: 'shares_missing' | 'no_matching_share'): ConditionFailure => ({
      operator: 'shared',
      field: 'shares',
      principals: ['u1', 't1'],
      privilege: 'read',
      problem,
    });
    expect(phraseFailure(shared('shares_missing'))).toBe(
      'requires a share with ("u1", "t1") for read, the record has no list of shares in shares',
    );
    expect(phraseFailure(shared('no_matching_share'))).toBe(
      'requires a share with ("u1", "t1") for read, the record has none',
    );
  });

  it('says whether a linked record lists no ids, lists something else, or does not list this one', () => {
    const linked = (
      problem: 'ids_not_a_list' | 'not_linked',
      found: Extract<ConditionFailure, { operator: 'linked' }>['found'],
    ): ConditionFailure => ({
      operator: 'linked',
      field: 'contact_ids',
      relationship: 'project_contacts',
      id: 'c1',
      problem,
      found,
    });
    const wanted = 'requires a link to "c1" through project_contacts';
    expect(phraseFailure(linked('not_linked', { kind: 'other', type: 'array' }))).toBe(
      `${wanted}, the record's contact_ids does not list it`,
    );
    expect(phraseFailure(linked('ids_not_a_list', { kind: 'missing' }))).toBe(
      `${wanted}, the record has no contact_ids`,
    );
    expect(phraseFailure(linked('ids_not_a_list', { kind: 'null' }))).toBe(
      `${wanted}, the record's contact_ids is null`,
    );
    expect(phraseFailure(linked('ids_not_a_list', { kind: 'string', value: 'c1' }))).toBe(
      `${wanted}, the record's contact_ids is a string, not a list of ids`,
    );
    expect(phraseFailure(linked('ids_not_a_list', { kind: 'other', type: 'object' }))).toBe(
      `${wanted}, the record's contact_ids is an object, not a list of ids`,
    );
  });

  it('an alternative of none matches no record; alternatives and several failures are joined in words', () => {
    expect(phraseFailure({ operator: 'or', alternatives: [] })).toBe('matches no record');
    const a = eq({ kind: 'missing' });
    const b: ConditionFailure = { operator: 'unsupported', name: '$where' };
    expect(phraseFailure({ operator: 'or', alternatives: [[a], [a, b]] })).toBe(
      'requires one of: (requires orderedBy = "sam", the record has no orderedBy) or (requires orderedBy = "sam", the record has no orderedBy and uses the unsupported operator "$where", which never matches)',
    );
    expect(phraseFailures([a, b], 'the order')).toBe(
      'requires orderedBy = "sam", the order has no orderedBy and uses the unsupported operator "$where", which never matches',
    );
  });
});
