import { describe, expect, it } from 'vitest';
import { abilityFor, canAttach, definePolicy, subject } from '../src/index.js';

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
      `[TypeError: canAttach needs the record as a record tagged with subject(table, record), not string]`,
    );
  });
});
