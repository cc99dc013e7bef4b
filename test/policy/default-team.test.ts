import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';

const base = {
  tables: { salesorder: { owner: 'ownerId', businessUnit: 'owningBusinessUnitId' } },
  businessUnits: [{ id: 'root' }, { id: 'sales', parent: 'root' }],
  securityRoles: [{ name: 'Reader', privileges: { salesorder: { read: 'businessUnit' } } }],
} as const satisfies PolicyInput;

const messageOf = (input: PolicyInput): string => {
  try {
    definePolicy(input);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('default teams of business units', () => {
  it('one default owner team per unit is accepted', () => {
    expect(
      messageOf({
        ...base,
        teams: [
          { id: 'root-team', businessUnitId: 'root', type: 'owner', isDefault: true },
          {
            id: 'sales-team',
            businessUnitId: 'sales',
            type: 'owner',
            isDefault: true,
            securityRoles: ['Reader'],
          },
        ],
      }),
    ).toBe('no error');
  });

  it('a second default team of a unit, or a default team that is not an owner team, is refused', () => {
    expect(
      messageOf({
        ...base,
        teams: [
          { id: 'first', businessUnitId: 'sales', type: 'owner', isDefault: true },
          { id: 'second', businessUnitId: 'sales', type: 'owner', isDefault: true },
          { id: 'access', businessUnitId: 'root', type: 'access', isDefault: true },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (2 issues):
      - teams[1].isDefault: business unit "sales" already has default team "first"; a unit has one default team, so remove isDefault from "second"
      - teams[2].type: team "access" is the default team of business unit "root", which is an owner team; set type: "owner" or remove isDefault"
    `);
  });
});
