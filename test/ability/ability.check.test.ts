import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy } from '../../src/index.js';

// A warm check() calls the predicate of the pair it last decided and refuses a value that is no object only
// after the predicate grants; reading keeps a memo of its own. These pin that it answers as a fresh ability.

const policy = definePolicy({
  tables: {
    salesorder: { contact: 'orderedBy' },
    note: {},
  },
  webRoles: [{ name: 'Buyer' }],
  tablePermissions: [
    { name: 'My orders', table: 'salesorder', scope: 'contact', privileges: ['read'], webRoles: ['Buyer'] },
    { name: 'Notes', table: 'note', scope: 'global', privileges: ['read', 'write'], webRoles: ['Buyer'] },
  ],
});
const jane = {
  kind: 'contact',
  id: 'jane',
  accountId: 'A',
  legalEntity: 'usmf',
  webRoles: ['Buyer'],
} as const;

const outcome = (run: () => boolean): boolean | string => {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? error.message : 'thrown';
  }
};

// A function holding the fields of a granted row is still no row.
const janesFunction = Object.assign(() => true, { id: 'SO-F', orderedBy: 'jane' });
const notRecords: unknown[] = [
  undefined,
  null,
  42,
  true,
  10n,
  Symbol('note'),
  'note',
  janesFunction,
  class Note {},
];

describe('a warm check()', () => {
  it('refuses every value that is no object, where a global grant allows every row', () => {
    for (const action of ['read', 'write'] as const) {
      const ability = abilityFor(policy, jane);
      expect(ability.check(action, 'note', { id: 'N-1' })).toBe(true);
      for (const value of notRecords) {
        expect(ability.check(action, 'note', value as never)).toBe(false);
        expect(abilityFor(policy, jane).check(action, 'note', value as never)).toBe(false);
      }
      expect(ability.check(action, 'note', { id: 'N-2' })).toBe(true);
    }
  });

  it("refuses a function holding the fields of Jane's order, and grants the same fields as a row", () => {
    const ability = abilityFor(policy, jane);
    expect(ability.check('read', 'salesorder', { id: 'SO-1', orderedBy: 'jane' })).toBe(true);
    expect(ability.check('read', 'salesorder', janesFunction)).toBe(false);
    expect(ability.check('read', 'salesorder', { id: 'SO-2', orderedBy: 'jane' })).toBe(true);
  });

  it('throws what a row throws when its field is read, as a fresh ability does', () => {
    const throwing = Object.defineProperty({ id: 'SO-T' }, 'orderedBy', {
      enumerable: true,
      get() {
        throw new Error('the row cannot be read');
      },
    });
    const ability = abilityFor(policy, jane);
    expect(ability.check('read', 'salesorder', { id: 'SO-1', orderedBy: 'jane' })).toBe(true);
    expect(outcome(() => ability.check('read', 'salesorder', throwing))).toBe('the row cannot be read');
    expect(outcome(() => abilityFor(policy, jane).check('read', 'salesorder', throwing))).toBe(
      'the row cannot be read',
    );
    expect(ability.check('read', 'salesorder', { id: 'SO-2', orderedBy: 'jane' })).toBe(true);
  });

  it('keeps reading and another action apart, each on its own table', () => {
    const ability = abilityFor(policy, jane);
    const janes = { id: 'SO-1', orderedBy: 'jane' };
    for (let round = 0; round < 3; round++) {
      expect(ability.check('read', 'salesorder', janes)).toBe(true);
      expect(ability.check('write', 'note', { id: 'N-1' })).toBe(true);
      expect(ability.check('write', 'note', { id: 'N-2' })).toBe(true);
      expect(ability.check('read', 'salesorder', { id: 'SO-2', orderedBy: 'sam' })).toBe(false);
      expect(ability.check('write', 'salesorder', janes)).toBe(false);
      expect(ability.check('write', 'salesorder', janes)).toBe(false);
      expect(ability.check('read', 'note', { id: 'N-1' })).toBe(true);
      expect(ability.check('read', 'note', { id: 'N-2' })).toBe(true);
    }
  });

  it('answers an empty table or action name as a fresh ability does', () => {
    const ability = abilityFor(policy, jane);
    const row = { id: 'N-1', orderedBy: 'jane' };
    for (const [action, table] of [
      ['', ''],
      ['read', ''],
      ['', 'note'],
    ] as const) {
      const expected = abilityFor(policy, jane).check(action as never, table as never, row);
      expect(ability.check(action as never, table as never, row)).toBe(expected);
      expect(ability.check(action as never, table as never, row)).toBe(expected);
    }
  });

  it('forgets both memos when the rules change', () => {
    const ability = abilityFor(policy, jane);
    expect(ability.check('read', 'note', { id: 'N-1' })).toBe(true);
    expect(ability.check('write', 'note', { id: 'N-1' })).toBe(true);
    ability.update([]);
    expect(ability.check('read', 'note', { id: 'N-1' })).toBe(false);
    expect(ability.check('write', 'note', { id: 'N-1' })).toBe(false);
  });
});

describe("predicateFor()'s predicate", () => {
  it('refuses every value that is no object, where a global grant allows every row', () => {
    const readNote = abilityFor(policy, jane).predicateFor('read', 'note');
    expect(readNote({ id: 'N-1' })).toBe(true);
    for (const value of notRecords) expect(readNote(value)).toBe(false);
  });

  it('throws what a row throws when its field is read', () => {
    const readOrder = abilityFor(policy, jane).predicateFor('read', 'salesorder');
    const throwing = Object.defineProperty({}, 'orderedBy', {
      get() {
        throw new Error('the row cannot be read');
      },
    });
    expect(outcome(() => readOrder(throwing))).toBe('the row cannot be read');
    expect(readOrder({ orderedBy: 'jane' })).toBe(true);
  });
});
