import { describe, expect, it } from 'vitest';
import { abilityFor, explain, subject } from '../../src/index.js';
import { manyToManyPortal, members } from '../fixtures/many-to-many.js';

const jane = abilityFor(manyToManyPortal, members.jane);
const kase = (record: Record<string, unknown>) => subject('case', { id: 'C1', ...record });

describe('explaining a many-to-many grant', () => {
  it('an allowed read names the relationship the record is linked through', () => {
    const why = explain(jane, 'read', kase({ contactIds: ['jane'] }));
    expect(why.allowed).toBe(true);
    expect(why.message).toContain(
      'table permission "Cases shared with me" (contact scope) via web role "Member" (through case_contact)',
    );
  });

  it('a denial says the record is not linked to the contact through the relationship', () => {
    const why = explain(jane, 'read', kase({ contactIds: ['sam'] }));
    expect(why.message).toBe(
      'contact "jane" cannot read case "C1": table permission "Cases shared with me" (contact scope) requires a link to "jane" through case_contact, the record\'s contactIds does not list it',
    );
    expect(why.allowed === false && why.reason).toMatchObject({
      code: 'no_matching_grant',
      grants: [{ failures: [{ operator: 'linked', relationship: 'case_contact', problem: 'not_linked' }] }],
    });
  });

  it.each([
    [{}, 'the record has no contactIds'],
    [{ contactIds: null }, "the record's contactIds is null"],
    [{ contactIds: 'jane' }, "the record's contactIds is a string, not a list of ids"],
    [{ contactIds: { jane: true } }, "the record's contactIds is an object, not a list of ids"],
  ])('a record without a list of ids (%j) is named as such, never echoed', (record, phrase) => {
    const why = explain(jane, 'read', kase(record));
    expect(why.message).toContain(`requires a link to "jane" through case_contact, ${phrase}`);
  });

  it('a task under an unlinked project says the parent project is not linked', () => {
    const task = subject('task', {
      id: 'T1',
      projectId: 'P1',
      project: { projectid: 'P1', memberIds: [] },
    });
    expect(explain(jane, 'read', task).message).toContain(
      'requires the related project row (projectId = "P1") to be covered: requires a link to "jane" through project_contact, the project row\'s memberIds does not list it',
    );
  });
});
