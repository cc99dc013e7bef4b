import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';

const messageOf = (input: PolicyInput): string => {
  try {
    definePolicy(input);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

const tables = {
  salesorder: { owner: 'ownerId', businessUnit: 'owningBusinessUnitId' },
  note: { owner: 'ownerId' },
  setting: { ownership: 'organization' },
} as const;

describe('security roles', () => {
  it('an unknown table, a duplicate role and an unknown level are refused', () => {
    expect(
      messageOf({
        tables,
        securityRoles: [
          { name: 'R', privileges: { salesordr: { read: 'user' } } },
          { name: 'R', privileges: { salesorder: { read: 'everything' as never } } },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (1 issue):
      - securityRoles[1].privileges.salesorder.read: expected one of "none", "user", "businessUnit", "parentChildBusinessUnits", "organization""
    `);
  });

  it('an organization-owned table accepts only none and organization', () => {
    expect(
      messageOf({
        tables,
        securityRoles: [
          { name: 'R', privileges: { setting: { read: 'organization', write: 'businessUnit' } } },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (1 issue):
      - securityRoles[0].privileges.setting.write: table "setting" is organization-owned, so role "R" can only use "none" or "organization" here, not "businessUnit""
    `);
    expect(
      definePolicy({
        tables,
        securityRoles: [{ name: 'R', privileges: { setting: { read: 'organization', write: 'none' } } }],
      }).securityRoles,
    ).toHaveLength(1);
  });

  it('a level needing a field the table lacks is refused', () => {
    expect(
      messageOf({ tables, securityRoles: [{ name: 'R', privileges: { note: { read: 'businessUnit' } } }] }),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (1 issue):
      - securityRoles[0].privileges.note.read: role "R" uses level "businessUnit" on table "note", which declares no businessUnit field; add tables.note.businessUnit or use level "organization""
    `);
  });

  it('an unknown privilege is refused', () => {
    expect(
      messageOf({
        tables,
        securityRoles: [{ name: 'R', privileges: { note: { publish: 'user' } as never } }],
      }),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (1 issue):
      - securityRoles[0].privileges.note: unknown key "publish"; remove it or check the spelling"
    `);
  });
});
