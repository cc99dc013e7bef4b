import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, isPrincipalValidationError, subject } from '../../src/index.js';
import { internalInput, internalPolicy, salesOrder, staff } from '../fixtures/internal-users.js';

const setup = (...args: Parameters<typeof staff>) => abilityFor(internalPolicy, staff(...args));

// The user sits in `sales`: its own unit, a child (east), a grandchild (east1), the parent (root), a sibling branch (service).
const UNITS = ['sales', 'east', 'east1', 'root', 'service'] as const;

describe('access levels across the business-unit tree', () => {
  const expected: Record<string, readonly (typeof UNITS)[number][]> = {
    'No access': [],
    'Basic reader': [],
    'Local reader': ['sales'],
    'Deep reader': ['sales', 'east', 'east1'],
    'Global reader': ['sales', 'east', 'east1', 'root', 'service'],
  };
  for (const [role, readable] of Object.entries(expected)) {
    it(`a "${role}" in sales reads colleagues' orders in exactly ${readable.length ? readable.join(', ') : 'no unit'}`, () => {
      const ability = setup([role]);
      expect(UNITS.filter((unit) => ability.can('read', salesOrder(unit)))).toEqual(readable);
    });
  }

  it('every level from user up reads the orders the user owns, in any unit', () => {
    for (const role of ['Basic reader', 'Local reader', 'Deep reader', 'Global reader']) {
      const ability = setup([role]);
      expect(UNITS.filter((unit) => ability.can('read', salesOrder(unit, 'ulla')))).toEqual([...UNITS]);
    }
  });

  it('a level of none grants nothing, not even on owned rows', () => {
    expect(setup(['No access']).can('read', salesOrder('sales', 'ulla'))).toBe(false);
  });

  it('a record with a missing, null or numeric owner or unit is never covered', () => {
    const ability = setup(['Local reader']);
    for (const record of [
      {},
      { owningBusinessUnitId: null },
      { owningBusinessUnitId: 7 },
      { ownerId: null },
    ]) {
      expect(ability.can('read', subject('salesorder', record))).toBe(false);
    }
  });
});

describe('teams', () => {
  it('a user reads rows owned by a team they belong to in another unit', () => {
    const ability = setup(['Basic reader'], { teams: ['north-desk'] });
    expect(ability.can('read', salesOrder('service', 'north-desk'))).toBe(true);
    expect(ability.can('read', salesOrder('service', 'another-team'))).toBe(false);
  });

  it("a team's business-unit role counts from the team's unit, not the member's (D16)", () => {
    const ability = setup([], { teams: ['north-desk'] });
    expect(ability.can('read', salesOrder('north'))).toBe(true);
    expect(ability.can('read', salesOrder('sales'))).toBe(false);
  });

  it('a team-only role gives user-level privileges only on rows the team owns', () => {
    const ability = setup([], { teams: ['team-only'] });
    expect(ability.can('write', salesOrder('sales', 'team-only'))).toBe(true);
    expect(ability.can('write', salesOrder('sales', 'ulla'))).toBe(false);
  });

  it("a direct-inheritance team role works on the user's own rows as if assigned directly", () => {
    const ability = setup([], { teams: ['direct-team'] });
    expect(ability.can('write', salesOrder('sales', 'ulla'))).toBe(true);
    expect(ability.can('write', salesOrder('sales', 'direct-team'))).toBe(true);
    expect(ability.can('write', salesOrder('sales', 'someone-else'))).toBe(false);
  });

  it('an access team owns nothing: its id as owner grants no user-level access', () => {
    expect(
      setup(['Basic reader'], { teams: ['reviewers'] }).can('read', salesOrder('sales', 'reviewers')),
    ).toBe(false);
  });
});

describe('accumulation', () => {
  it('a basic and a deep role add up per privilege: deep read, basic write', () => {
    const ability = setup(['Salesperson', 'Deep reader']);
    expect(ability.can('read', salesOrder('east1'))).toBe(true);
    expect(ability.can('write', salesOrder('east1'))).toBe(false);
    expect(ability.can('write', salesOrder('root', 'ulla'))).toBe(true);
  });

  it('a type-level check is true when any rule grants the privilege', () => {
    const ability = setup(['Basic reader']);
    expect(ability.can('read', 'salesorder')).toBe(true);
    expect(ability.can('write', 'salesorder')).toBe(false);
  });

  it('assign is a privilege of its own', () => {
    const ability = setup(['Sales manager']);
    expect(ability.can('assign', salesOrder('sales'))).toBe(true);
    expect(ability.can('assign', salesOrder('east'))).toBe(false);
  });
});

describe('record sharing', () => {
  const shared = (principal: string, privileges: string[]) =>
    salesOrder('service', 'someone-else', { sharedWith: [{ principal, privileges }] });

  it('a record shared with the user for read is readable when a role holds read at any level', () => {
    expect(setup(['Basic reader']).can('read', shared('ulla', ['read']))).toBe(true);
  });

  it("a record shared with one of the user's teams is readable", () => {
    expect(setup(['Basic reader'], { teams: ['reviewers'] }).can('read', shared('reviewers', ['read']))).toBe(
      true,
    );
  });

  it('a share never exceeds the role: without write in any role, a write share grants nothing', () => {
    expect(setup(['Basic reader']).can('write', shared('ulla', ['read', 'write']))).toBe(false);
  });

  it('a share for another privilege, or to someone else, grants nothing', () => {
    const ability = setup(['Salesperson']);
    expect(ability.can('read', shared('ulla', ['write']))).toBe(false);
    expect(ability.can('read', shared('someone', ['read']))).toBe(false);
  });

  it('malformed shares never grant', () => {
    const ability = setup(['Salesperson']);
    for (const sharedWith of [
      null,
      'ulla',
      [{ principal: 'ulla', privileges: 'read' }],
      [{ principal: ['ulla'], privileges: ['read'] }],
    ]) {
      expect(ability.can('read', salesOrder('service', 'x', { sharedWith }))).toBe(false);
    }
  });
});

describe('access modes', () => {
  it('read mode keeps only read', () => {
    const ability = setup(['Salesperson'], { accessMode: 'read' });
    expect(ability.can('read', salesOrder('sales', 'ulla'))).toBe(true);
    expect(ability.can('write', salesOrder('sales', 'ulla'))).toBe(false);
  });

  it('administrative mode reaches only settings tables, without a licence', () => {
    const ability = setup(['Configurator'], { accessMode: 'administrative', licensed: false });
    expect(ability.denial).toBeUndefined();
    expect(ability.can('write', subject('setting', { id: 's1' }))).toBe(true);
    expect(ability.can('read', salesOrder('sales'))).toBe(false);
  });

  it('a non-interactive user acts in API sessions only; the call overrides the principal', () => {
    const user = staff(['Global reader'], { accessMode: 'non-interactive', licensed: false });
    expect(abilityFor(internalPolicy, user, { session: 'api' }).can('read', salesOrder('root'))).toBe(true);
    expect(abilityFor(internalPolicy, user, { session: 'interactive' }).denial?.code).toBe(
      'interactive_session',
    );
    expect(abilityFor(internalPolicy, user).denial?.code).toBe('interactive_session');
    expect(abilityFor(internalPolicy, { ...user, session: 'api' }).can('read', salesOrder('root'))).toBe(
      true,
    );
    expect(
      abilityFor(internalPolicy, { ...user, session: 'api' }, { session: 'interactive' }).denial?.code,
    ).toBe('interactive_session');
  });
});

describe('gates (D13)', () => {
  const cases = {
    user_disabled: staff(['Global reader'], { enabled: false }),
    account_blocked: staff(['Global reader'], { state: 'blocked' }),
    stub_user: staff(['Global reader'], { userType: 'stub' }),
    no_role: staff([], { teams: ['reviewers'] }),
    unlicensed: staff(['Global reader'], { licensed: false }),
    must_change_password: staff(['Global reader'], { mustChangePassword: true }),
  } as const;
  for (const [code, user] of Object.entries(cases)) {
    it(`a user gated by ${code} gets no data at all, and the reason`, () => {
      const ability = abilityFor(internalPolicy, user);
      expect(ability.denial?.code).toBe(code);
      expect(ability.rules).toEqual([]);
      expect(ability.can('read', salesOrder('root', 'ulla'))).toBe(false);
    });
  }

  it('an unlicensed read-mode user is gated too', () => {
    expect(setup(['Global reader'], { accessMode: 'read', licensed: false }).denial?.code).toBe('unlicensed');
  });

  it('an application user needs no licence, and roles through a team count as roles', () => {
    const application = staff(['Global reader'], { userType: 'application', licensed: false });
    expect(abilityFor(internalPolicy, application, { session: 'api' }).denial).toBeUndefined();
    expect(setup([], { teams: ['north-desk'] }).denial).toBeUndefined();
  });
});

describe('matrix data access', () => {
  const matrix = definePolicy({ ...internalInput, matrixDataAccess: true });

  it("a role assigned from another unit reaches that unit's rows at business-unit level", () => {
    const ability = abilityFor(matrix, staff([{ name: 'Local reader', businessUnitId: 'north' }]));
    expect(ability.can('read', salesOrder('north'))).toBe(true);
    expect(ability.can('read', salesOrder('sales'))).toBe(false);
  });

  it('without matrix access, a role from another unit is refused', () => {
    let error: unknown;
    try {
      abilityFor(internalPolicy, staff([{ name: 'Local reader', businessUnitId: 'north' }]));
    } catch (caught) {
      error = caught;
    }
    expect(isPrincipalValidationError(error)).toBe(true);
    expect((error as Error).message).toMatchInlineSnapshot(`
      "The principal is invalid (1 issue):
      - securityRoles[0].businessUnitId: the user is in business unit "sales" but gets role "Local reader" from "north"; assign it from the user's own unit or set matrixDataAccess: true in the policy"
    `);
  });
});

describe('provenance', () => {
  it('the deciding rule names the role, the team, the level and the unit', () => {
    const ability = setup([], { teams: ['north-desk'] });
    const rule = ability.relevantRuleFor('read', salesOrder('north'));
    expect((rule?.origin as { provenance?: unknown } | undefined)?.provenance).toEqual({
      kind: 'securityRole',
      securityRole: 'Local reader',
      team: 'north-desk',
      level: 'businessUnit',
      businessUnit: 'north',
    });
  });

  it('every ability of a policy reuses the same frozen subtree of a unit', () => {
    const subtreeIn = (ability: ReturnType<typeof setup>): readonly string[] | undefined => {
      const parts = ability.portalRules.flatMap((rule) =>
        rule.conditions?.operator === 'or' ? rule.conditions.value : rule.conditions ? [rule.conditions] : [],
      );
      const found = parts.find((part) => part.operator === 'in' && part.field === 'owningBusinessUnitId');
      return found?.operator === 'in' ? found.value : undefined;
    };
    const first = subtreeIn(setup(['Deep reader']));
    expect(first).toEqual(['sales', 'east', 'east1']);
    expect(subtreeIn(setup(['Deep reader'], { id: 'other' }))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe('principal validation (D18)', () => {
  const messageOf = (user: Parameters<typeof abilityFor>[1]): string => {
    try {
      abilityFor(internalPolicy, user);
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };

  it('unknown roles, teams and units are refused with their paths', () => {
    expect(
      messageOf(staff(['Local raeder'], { businessUnitId: 'sals', teams: ['north-dsk'] })),
    ).toMatchInlineSnapshot(`
      "The principal is invalid (3 issues):
      - businessUnitId: business unit "sals" is not defined by the policy (did you mean "sales"?); fix the user or the policy
      - securityRoles[0]: security role "Local raeder" is not defined by the policy (did you mean "Local reader"?); fix the user's roles or the policy
      - teams[0]: team "north-dsk" is not defined by the policy (did you mean "north-desk"?); fix the user's teams or the policy"
    `);
  });

  it('a user whose id is a team id is refused', () => {
    expect(messageOf(staff(['Local reader'], { id: 'north-desk' }))).toMatchInlineSnapshot(`
      "The principal is invalid (1 issue):
      - id: user id "north-desk" is also a team id, and a record's owner field cannot tell them apart; give the user or the team another id"
    `);
  });

  it('a user without a business unit is refused', () => {
    expect(messageOf({ kind: 'user', id: 'x' } as never)).toMatchInlineSnapshot(`
      "The principal is invalid (1 issue):
      - businessUnitId: expected string (this field is required)"
    `);
  });
});

describe('each grant keeps its own owners', () => {
  it("a team-only role and a user's own role of the same level in the same unit reach different owned rows", () => {
    const policy = definePolicy({
      tables: { salesorder: { owner: 'ownerId', businessUnit: 'owningBusinessUnitId' } },
      businessUnits: [{ id: 'sales' }],
      securityRoles: [
        { name: 'Reader', privileges: { salesorder: { read: 'user' } } },
        {
          name: 'Team writer',
          memberPrivilegeInheritance: 'team',
          privileges: { salesorder: { read: 'user', write: 'user' } },
        },
      ],
      teams: [{ id: 'desk', businessUnitId: 'sales', type: 'owner', securityRoles: ['Team writer'] }],
    });
    const ability = abilityFor(policy, staff(['Reader'], { teams: ['desk'] }));
    // Reader reaches the user's rows and the team's; Team writer only the team's, for read and write.
    expect(ability.can('read', salesOrder('sales', 'ulla'))).toBe(true);
    expect(ability.can('read', salesOrder('sales', 'desk'))).toBe(true);
    expect(ability.can('write', salesOrder('sales', 'desk'))).toBe(true);
    expect(ability.can('write', salesOrder('sales', 'ulla'))).toBe(false);
  });
});

describe('what each rule of a user says', () => {
  it('a rule names in words the role, the team it comes through, the level and the unit; a share rule the role that holds the privilege', () => {
    const ability = setup(['Salesperson'], { teams: ['north-desk'] });
    const reasons = ability.portalRules
      .filter((rule) => rule.subject === 'salesorder' && rule.action.includes('read'))
      .map((rule) => rule.reason);
    expect(reasons).toEqual([
      'security role "Salesperson" → salesorder at user level (business unit "sales")',
      'security role "Local reader" (team "north-desk") → salesorder at businessUnit level (business unit "north")',
      'shared with the user or a team for read; security role "Salesperson" holds read',
    ]);
  });

  it('a rule from the role an Entra administrator holds automatically says so, in words and in its provenance', () => {
    const policy = definePolicy({
      ...internalInput,
      internalUsers: { systemAdministratorRole: 'Global reader' },
    });
    const ability = abilityFor(policy, staff([], { entraRoles: ['Global administrator'] }));
    const [rule] = ability.portalRules.filter((each) => each.provenance?.kind === 'securityRole');
    expect(rule?.reason).toBe(
      'security role "Global reader" (held automatically as an Entra administrator) → salesorder at organization level (business unit "sales")',
    );
    expect(rule?.provenance).toMatchObject({
      automatic: 'entraAdministrator',
      securityRole: 'Global reader',
    });
  });
  it('a share rule names the role that holds the privilege and the team it comes through', () => {
    const share = setup([], { teams: ['north-desk'] }).portalRules.find(
      (rule) => rule.provenance?.kind === 'recordShare',
    );
    expect(share?.provenance).toEqual({
      kind: 'recordShare',
      privilege: 'read',
      grantees: ['ulla', 'north-desk'],
      securityRole: 'Local reader',
      team: 'north-desk',
    });
  });
});

describe('the order a principal lists things in changes no rule', () => {
  it('roles assigned from several units compile to the same rules in any order (matrix data access)', () => {
    const matrix = definePolicy({ ...internalInput, matrixDataAccess: true });
    const roles = [
      { name: 'Local reader', businessUnitId: 'north' },
      { name: 'Salesperson', businessUnitId: 'sales' },
      { name: 'Local reader', businessUnitId: 'east' },
      { name: 'Local reader', businessUnitId: 'sales' },
    ] as const;
    const rulesOf = (listed: readonly (typeof roles)[number][]) =>
      abilityFor(matrix, staff([...listed], { teams: ['north-desk', 'direct-team'] })).rules;
    expect(rulesOf([...roles].reverse())).toEqual(rulesOf(roles));
    expect(rulesOf([roles[2], roles[0], roles[3], roles[1]])).toEqual(rulesOf(roles));
  });

  it('teams listed in any order compile to the same rules', () => {
    const rulesOf = (teams: string[]) => setup(['Basic reader'], { teams }).rules;
    expect(rulesOf(['direct-team', 'north-desk', 'team-only'])).toEqual(
      rulesOf(['team-only', 'north-desk', 'direct-team']),
    );
  });
});

describe('a team-only role among other teams', () => {
  it("a team-only role held through a later team reaches that team's rows only, never the member's own", () => {
    // Teams in policy order: a team-only team, a direct-inheritance team, then a second team-only team whose
    // role holds a privilege no other role of the user holds.
    const policy = definePolicy({
      ...internalInput,
      securityRoles: [
        ...internalInput.securityRoles,
        {
          name: 'Team-only assigner',
          memberPrivilegeInheritance: 'team',
          privileges: { salesorder: { assign: 'user' } },
        },
      ],
      teams: [
        ...internalInput.teams,
        {
          id: 'assign-desk',
          businessUnitId: 'service',
          type: 'owner',
          securityRoles: ['Team-only assigner'],
        },
      ],
    });
    const ability = abilityFor(
      policy,
      staff(['Basic reader'], { teams: ['team-only', 'direct-team', 'assign-desk'] }),
    );
    expect(ability.can('assign', salesOrder('service', 'assign-desk'))).toBe(true);
    for (const owner of ['ulla', 'team-only', 'direct-team']) {
      expect(ability.can('assign', salesOrder('service', owner))).toBe(false);
    }
  });
});

describe('what every rule of a user carries', () => {
  const users = [
    staff(['Salesperson', 'Deep reader']),
    staff(['Basic reader'], { teams: ['north-desk', 'team-only', 'direct-team'] }),
    staff(['Configurator'], { accessMode: 'administrative', licensed: false }),
  ];

  it('every rule names its actions, its table and the grant behind it', () => {
    for (const user of users) {
      for (const rule of abilityFor(internalPolicy, user).portalRules) {
        expect(rule).toMatchObject({ action: expect.any(Array), subject: expect.any(String) });
        expect(['securityRole', 'recordShare']).toContain(rule.provenance?.kind);
      }
    }
  });

  it('a role assigned to the user directly names no team, not even an empty one', () => {
    const rules = setup(['Salesperson']).portalRules;
    expect(rules.map((rule) => rule.provenance?.kind)).toEqual(
      expect.arrayContaining(['securityRole', 'recordShare']),
    );
    for (const rule of rules) expect(Object.hasOwn(rule.provenance ?? {}, 'team')).toBe(false);
  });
});

describe('record sharing needs a shares field', () => {
  it('on a table that declares no shares field, no record is shared, whatever share list it carries', () => {
    const policy = definePolicy({
      tables: { memo: { owner: 'ownerId', businessUnit: 'unitId' } },
      businessUnits: [{ id: 'sales' }],
      securityRoles: [{ name: 'Memo reader', privileges: { memo: { read: 'user' } } }],
    });
    const ability = abilityFor(policy, staff(['Memo reader']));
    const shares = [{ principal: 'ulla', privileges: ['read'] }];
    for (const field of ['sharedWith', 'shares', 'undefined']) {
      const record = { id: 'm1', ownerId: 'someone-else', unitId: 'sales', [field]: shares };
      expect(ability.can('read', subject('memo', record))).toBe(false);
    }
    expect(ability.portalRules.some((rule) => rule.provenance?.kind === 'recordShare')).toBe(false);
  });
});
