import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';

const base = {
  tables: { salesorder: { owner: 'ownerId', businessUnit: 'owningBusinessUnitId' } },
  businessUnits: [{ id: 'root' }, { id: 'A', parent: 'root' }],
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

describe('teams', () => {
  it('unknown units and roles, duplicates and roles on access teams are refused', () => {
    expect(
      messageOf({
        ...base,
        teams: [
          { id: 't', businessUnitId: 'B', type: 'owner', securityRoles: ['Raeder'] },
          { id: 't', businessUnitId: 'A', type: 'access', securityRoles: ['Reader'] },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (4 issues):
      - teams[0].businessUnitId: business unit "B" is not defined under "businessUnits" (did you mean "A"?)
      - teams[0].securityRoles[0]: security role "Raeder" is not defined under "securityRoles" (did you mean "Reader"?)
      - teams[1].id: team "t" is defined twice; give each team a unique id
      - teams[1].securityRoles: team "t" is an access team, which holds no roles (it only receives shares); remove its roles or make it an owner team"
    `);
  });

  it('a team role from another unit is refused unless matrix data access is on', () => {
    const teams = [
      {
        id: 't',
        businessUnitId: 'A',
        type: 'owner',
        securityRoles: [{ name: 'Reader', businessUnitId: 'root' }],
      },
    ] as const;
    expect(messageOf({ ...base, teams })).toMatchInlineSnapshot(`
      "The policy is invalid (1 issue):
      - teams[0].securityRoles[0].businessUnitId: team "t" is in business unit "A" but gets role "Reader" from "root"; assign the role from the team's own unit or set matrixDataAccess: true"
    `);
    expect(definePolicy({ ...base, teams, matrixDataAccess: true }).teams).toHaveLength(1);
  });

  it('an unknown team type is refused', () => {
    expect(
      messageOf({ ...base, teams: [{ id: 't', businessUnitId: 'A', type: 'owners' as never }] }),
    ).toMatchInlineSnapshot(`
      "The policy is invalid (1 issue):
      - teams[0].type: did you mean "owner"? expected one of "owner", "group", "access""
    `);
  });
});
