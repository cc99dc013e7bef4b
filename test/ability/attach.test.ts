import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  canAssign,
  canAttach,
  canCreateAttached,
  definePolicy,
  subject,
} from '../../src/index.js';
import { internalPolicy, salesOrder, staff } from '../fixtures/internal-users.js';

function setup() {
  const policy = definePolicy({
    tables: { incident: { contact: 'customer' }, annotation: { contact: 'author' } },
    webRoles: [{ name: 'Customer' }, { name: 'Reader' }],
    tablePermissions: [
      {
        name: 'My cases',
        table: 'incident',
        scope: 'contact',
        privileges: ['read', 'appendTo'],
        webRoles: ['Customer'],
      },
      {
        name: 'My notes',
        table: 'annotation',
        scope: 'contact',
        privileges: ['read', 'create', 'append'],
        webRoles: ['Customer'],
      },
      { name: 'Read cases', table: 'incident', scope: 'contact', privileges: ['read'], webRoles: ['Reader'] },
      {
        name: 'Read notes',
        table: 'annotation',
        scope: 'contact',
        privileges: ['read', 'create'],
        webRoles: ['Reader'],
      },
    ],
  });
  const ability = (role: string) => abilityFor(policy, { kind: 'contact', id: 'jane', webRoles: [role] });
  const note = subject('annotation', { id: 'N-1', author: 'jane' });
  const myCase = subject('incident', { id: 'C-1', customer: 'jane' });
  const samsCase = subject('incident', { id: 'C-2', customer: 'sam' });
  return { ability, note, myCase, samsCase };
}

describe('canAttach (D7)', () => {
  it('a customer attaches her note to her own case: Append on the note, Append To on the case', () => {
    const { ability, note, myCase } = setup();
    expect(canAttach(ability('Customer'), note, myCase)).toBe(true);
    expect(canAttach(ability('Customer'), note, myCase, { creating: true })).toBe(true);
  });

  it('a customer cannot attach her note to someone else’s case', () => {
    const { ability, note, samsCase } = setup();
    expect(canAttach(ability('Customer'), note, samsCase)).toBe(false);
  });

  it('a customer cannot attach someone else’s note, nor create one in another author’s name', () => {
    const { ability, myCase } = setup();
    const samsNote = subject('annotation', { id: 'N-2', author: 'sam' });
    expect(canAttach(ability('Customer'), samsNote, myCase)).toBe(false);
    expect(canAttach(ability('Customer'), samsNote, myCase, { creating: true })).toBe(false);
  });

  it('a reader who may create notes but lacks Append and Append To attaches nothing', () => {
    const { ability, note, myCase } = setup();
    expect(canAttach(ability('Reader'), note, myCase, { creating: true })).toBe(false);
  });

  it('refuses a bare table name at run time too', () => {
    const { ability, myCase } = setup();
    expect(() =>
      canAttach(ability('Customer'), 'annotation' as never, myCase),
    ).toThrowErrorMatchingInlineSnapshot(
      `[PortalPermissionsError: canAttach needs the record as a record tagged with subject(table, record), not string]`,
    );
  });
});

const note = (ownerId: string, unit = 'sales') =>
  subject('annotation', { id: `N-${ownerId}`, ownerId, owningBusinessUnitId: unit });

describe('attaching records for internal users (D7, SPEC 2.3)', () => {
  it('a salesperson attaches their own note to their own order', () => {
    const ability = abilityFor(internalPolicy, staff(['Salesperson']));
    expect(canAttach(ability, note('ulla'), salesOrder('sales', 'ulla'))).toBe(true);
  });

  it("a salesperson cannot attach a note to a colleague's order (no append-to there)", () => {
    const ability = abilityFor(internalPolicy, staff(['Salesperson']));
    expect(canAttach(ability, note('ulla'), salesOrder('sales', 'someone-else'))).toBe(false);
  });

  it('an internal user also needs write on both records: append alone is not enough', () => {
    const policy = definePolicy({
      tables: { a: { owner: 'ownerId' }, b: { owner: 'ownerId' } },
      businessUnits: [{ id: 'root' }],
      securityRoles: [
        {
          name: 'R',
          privileges: {
            a: { append: 'user', read: 'user' },
            b: { appendTo: 'user', read: 'user', write: 'user' },
          },
        },
      ],
    });
    const ability = abilityFor(policy, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'root',
      securityRoles: ['R'],
      licensed: true,
    });
    expect(ability.can('append', subject('a', { ownerId: 'u' }))).toBe(true);
    expect(canAttach(ability, subject('a', { ownerId: 'u' }), subject('b', { ownerId: 'u' }))).toBe(false);
  });

  it('creating an attached record needs create + append on the new child and append-to on the parent', () => {
    const ability = abilityFor(internalPolicy, staff(['Salesperson']));
    expect(canCreateAttached(ability, note('ulla'), salesOrder('sales', 'ulla'))).toBe(true);
    expect(canCreateAttached(ability, note('someone-else'), salesOrder('sales', 'ulla'))).toBe(false);
    expect(
      canCreateAttached(
        abilityFor(internalPolicy, staff(['Basic reader'])),
        note('ulla'),
        salesOrder('sales', 'ulla'),
      ),
    ).toBe(false);
  });

  it('contacts attach with append and append-to alone (portal rules)', () => {
    const policy = definePolicy({
      tables: { salesorder: { contact: 'orderedBy' }, note: { contact: 'author' } },
      webRoles: [{ name: 'Customer' }],
      tablePermissions: [
        {
          name: 'Orders',
          table: 'salesorder',
          scope: 'contact',
          privileges: ['appendTo'],
          webRoles: ['Customer'],
        },
        {
          name: 'Notes',
          table: 'note',
          scope: 'contact',
          privileges: ['create', 'append'],
          webRoles: ['Customer'],
        },
      ],
    });
    const jane = abilityFor(policy, { kind: 'contact', id: 'jane', webRoles: ['Customer'] });
    const order = subject('salesorder', { orderedBy: 'jane' });
    expect(canAttach(jane, subject('note', { author: 'jane' }), order)).toBe(true);
    expect(canCreateAttached(jane, subject('note', { author: 'jane' }), order)).toBe(true);
    expect(canAttach(jane, subject('note', { author: 'sam' }), order)).toBe(false);
    expect(canAssign(jane, order)).toBe(false);
  });
});

describe('assigning records (SPEC 2.3)', () => {
  it('a sales manager assigns orders of their unit: assign + write + read', () => {
    const ability = abilityFor(internalPolicy, staff(['Sales manager']));
    expect(canAssign(ability, salesOrder('sales'))).toBe(true);
    // Deep read and local write/assign: a child unit's order is readable but not assignable.
    expect(canAssign(ability, salesOrder('east'))).toBe(false);
  });

  it('assign without write is not enough', () => {
    const policy = definePolicy({
      tables: { a: { owner: 'ownerId' } },
      businessUnits: [{ id: 'root' }],
      securityRoles: [{ name: 'R', privileges: { a: { assign: 'user', read: 'user' } } }],
    });
    const ability = abilityFor(policy, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'root',
      securityRoles: ['R'],
      licensed: true,
    });
    expect(ability.can('assign', subject('a', { ownerId: 'u' }))).toBe(true);
    expect(canAssign(ability, subject('a', { ownerId: 'u' }))).toBe(false);
  });
});

describe('attach helpers take the table only from subject() (RELIABILITY 20)', () => {
  it('refuses an untagged record whose constructor field names a table', () => {
    const { ability, myCase } = setup();
    const body = JSON.parse('{"constructor":{"name":"annotation"},"id":"N-3","author":"jane"}');
    expect(() => canAttach(ability('Customer'), body, myCase)).toThrow(
      expect.objectContaining({ code: 'untagged_record' }),
    );
    expect(() => canCreateAttached(ability('Customer'), body, myCase)).toThrow(
      expect.objectContaining({ code: 'untagged_record' }),
    );
  });

  it('refuses a target whose table comes from a request body field', () => {
    const { ability, note } = setup();
    const body = JSON.parse('{"__caslSubjectType__":"incident","id":"C-9","customer":"jane"}');
    expect(() => canAttach(ability('Customer'), note, body)).toThrow(
      expect.objectContaining({ code: 'untagged_record' }),
    );
  });

  it('refuses an untagged record for an assignment', () => {
    const ability = abilityFor(internalPolicy, staff(['Sales manager']));
    const body = JSON.parse(
      '{"constructor":{"name":"salesorder"},"ownerId":"x","owningBusinessUnitId":"sales"}',
    );
    expect(() => canAssign(ability, body)).toThrow(expect.objectContaining({ code: 'untagged_record' }));
  });
});

describe('attaching an existing record or creating it attached (D7)', () => {
  function linkerSetup() {
    const policy = definePolicy({
      tables: { incident: { contact: 'customer' }, annotation: { contact: 'author' } },
      webRoles: [{ name: 'Linker' }],
      tablePermissions: [
        {
          name: 'Cases',
          table: 'incident',
          scope: 'contact',
          privileges: ['appendTo'],
          webRoles: ['Linker'],
        },
        {
          name: 'Notes',
          table: 'annotation',
          scope: 'contact',
          privileges: ['append'],
          webRoles: ['Linker'],
        },
      ],
    });
    const linker = abilityFor(policy, { kind: 'contact', id: 'jane', webRoles: ['Linker'] });
    return {
      linker,
      note: subject('annotation', { author: 'jane' }),
      myCase: subject('incident', { customer: 'jane' }),
    };
  }

  it('a contact who may append but not create attaches her existing note and creates none attached', () => {
    const { linker, note, myCase } = linkerSetup();
    expect(canAttach(linker, note, myCase)).toBe(true);
    expect(canAttach(linker, note, myCase, { creating: false })).toBe(true);
    expect(canAttach(linker, note, myCase, { creating: true })).toBe(false);
    expect(canCreateAttached(linker, note, myCase)).toBe(false);
  });

  it('a new child with no fields at all still needs Create on it', () => {
    const { linker, myCase } = linkerSetup();
    expect(canCreateAttached(linker, subject('annotation', {}), myCase)).toBe(false);
  });

  it('a new note is never created attached to a case the contact may not append to', () => {
    const { ability, note, samsCase } = setup();
    expect(canCreateAttached(ability('Customer'), note, samsCase)).toBe(false);
  });

  it('an internal user creating an attached record must also be able to read the new child', () => {
    const policy = definePolicy({
      tables: { a: { owner: 'ownerId' }, b: { owner: 'ownerId' } },
      businessUnits: [{ id: 'root' }],
      securityRoles: [
        {
          name: 'Blind',
          privileges: {
            a: { create: 'user', append: 'user' },
            b: { appendTo: 'user', read: 'user', write: 'user' },
          },
        },
        {
          name: 'Sighted',
          privileges: {
            a: { create: 'user', append: 'user', read: 'user' },
            b: { appendTo: 'user', read: 'user', write: 'user' },
          },
        },
      ],
    });
    const as = (role: string) =>
      abilityFor(policy, {
        kind: 'user',
        id: 'u',
        businessUnitId: 'root',
        securityRoles: [role],
        licensed: true,
      });
    const child = subject('a', { ownerId: 'u' });
    const parent = subject('b', { ownerId: 'u' });
    expect(canCreateAttached(as('Sighted'), child, parent)).toBe(true);
    expect(canCreateAttached(as('Blind'), child, parent)).toBe(false);
  });
});

describe('a refused argument is named, with the helper and what to pass instead', () => {
  it('null is named as null, a table name by its type, each helper by its own name and role', () => {
    const { ability, note, myCase } = setup();
    expect(() => canAttach(ability('Customer'), note, null as never)).toThrow(
      expect.objectContaining({
        code: 'not_a_record',
        message: 'canAttach needs the target as a record tagged with subject(table, record), not null',
      }),
    );
    expect(() => canCreateAttached(ability('Customer'), 'annotation' as never, myCase)).toThrow(
      'canCreateAttached needs the new child as a record tagged with subject(table, record), not string',
    );
    expect(() => canCreateAttached(ability('Customer'), note, 42 as never)).toThrow(
      'canCreateAttached needs the parent as a record tagged with subject(table, record), not number',
    );
    expect(() => canAssign(ability('Customer'), undefined as never)).toThrow(
      'canAssign needs the record as a record tagged with subject(table, record), not undefined',
    );
  });

  it('an untagged object is refused with the same words, saying its table is never guessed', () => {
    const { ability, note } = setup();
    expect(() => canAttach(ability('Customer'), note, { id: 'C-1', customer: 'jane' } as never)).toThrow(
      "canAttach needs the target tagged with subject(table, record); an untagged object's table is never guessed from its fields",
    );
  });
});

describe('attach options are read from own properties only (RELIABILITY 19)', () => {
  it('a polluted Object.prototype.creating does not spare an internal user the Write an attach needs', () => {
    const policy = definePolicy({
      tables: { a: { owner: 'ownerId' }, b: { owner: 'ownerId' } },
      businessUnits: [{ id: 'root' }],
      securityRoles: [
        {
          name: 'R',
          privileges: {
            a: { append: 'user', read: 'user', create: 'user' },
            b: { appendTo: 'user', read: 'user', write: 'user' },
          },
        },
      ],
    });
    const ability = abilityFor(policy, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'root',
      securityRoles: ['R'],
      licensed: true,
    });
    const existing = subject('a', { ownerId: 'u' });
    const target = subject('b', { ownerId: 'u' });
    Object.defineProperty(Object.prototype, 'creating', { value: true, configurable: true, writable: true });
    try {
      expect(canAttach(ability, existing, target)).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).creating;
    }
  });
});
