import { Ability } from '@casl/ability';
import { packRules, unpackRules } from '@casl/ability/extra';
import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  explain,
  type PolicyInput,
  type PrincipalValidationError,
  subject,
  type UserPrincipal,
} from '../../src/index.js';

function setup(hierarchy: PolicyInput['hierarchy'] | null = { model: 'manager' }, readLevel = 'user') {
  const policy = definePolicy({
    tables: { lead: { owner: 'ownerId', businessUnit: 'unitId' } },
    businessUnits: [{ id: 'hq' }],
    securityRoles: [
      {
        name: 'Salesperson',
        privileges: {
          lead: {
            read: readLevel as 'user',
            write: 'user',
            append: 'user',
            appendTo: 'user',
            delete: 'user',
          },
        },
      },
      { name: 'Reader', privileges: { lead: { read: 'user' } } },
    ],
    teams: [{ id: 'sales-team', type: 'owner', businessUnitId: 'hq', securityRoles: ['Reader'] }],
    ...(hierarchy === null ? {} : { hierarchy }),
  } as PolicyInput);
  const mia: UserPrincipal = {
    kind: 'user',
    id: 'mia',
    businessUnitId: 'hq',
    licensed: true,
    securityRoles: ['Salesperson'],
    reports: { direct: ['dan'], indirect: [['eve'], ['fay'], ['gus']] },
  };
  const lead = (ownerId: string) => subject('lead', { id: `lead-of-${ownerId}`, ownerId, unitId: 'hq' });
  return { policy, mia, lead };
}

describe('hierarchy security (SPEC 2.7)', () => {
  it('a manager reads, writes, appends and appends to the rows of a direct report', () => {
    const { policy, mia, lead } = setup();
    const ability = abilityFor(policy, mia);
    for (const action of ['read', 'write', 'append', 'appendTo'] as const)
      expect(ability.can(action, lead('dan'))).toBe(true);
  });

  it("a manager does not delete, assign or share a direct report's rows", () => {
    const { policy, mia, lead } = setup();
    const ability = abilityFor(policy, mia);
    expect(ability.can('delete', lead('dan'))).toBe(false);
    expect(ability.can('assign', lead('dan'))).toBe(false);
  });

  it('a manager only reads the rows of indirect reports within the default depth of three levels', () => {
    const { policy, mia, lead } = setup();
    const ability = abilityFor(policy, mia);
    expect(ability.can('read', lead('eve'))).toBe(true);
    expect(ability.can('read', lead('fay'))).toBe(true);
    expect(ability.can('write', lead('eve'))).toBe(false);
    expect(ability.can('read', lead('gus'))).toBe(false);
    expect(ability.can('read', lead('stranger'))).toBe(false);
  });

  it("a write depth of two lets the manager write the rows of their reports' reports", () => {
    const { policy, mia, lead } = setup({ model: 'manager', depth: 4, writeDepth: 2 });
    const ability = abilityFor(policy, mia);
    expect(ability.can('write', lead('eve'))).toBe(true);
    expect(ability.can('write', lead('fay'))).toBe(false);
    expect(ability.can('read', lead('gus'))).toBe(true);
  });

  it('reports grant nothing when the policy leaves hierarchy security off', () => {
    const { policy, mia, lead } = setup(null);
    expect(abilityFor(policy, mia).can('read', lead('dan'))).toBe(false);
  });

  it("a manager without Read on the table reaches no report's rows", () => {
    const { policy, mia, lead } = setup({ model: 'manager' }, 'none');
    const ability = abilityFor(policy, mia);
    expect(ability.can('read', lead('dan'))).toBe(false);
    expect(ability.can('write', lead('dan'))).toBe(false);
  });

  it("hierarchy never grants a privilege the manager's roles do not hold", () => {
    const { policy, mia, lead } = setup();
    const reader = abilityFor(policy, { ...mia, securityRoles: ['Reader'] });
    expect(reader.can('read', lead('dan'))).toBe(true);
    expect(reader.can('write', lead('dan'))).toBe(false);
  });

  it("a manager in read access mode only reads a direct report's rows", () => {
    const { policy, mia, lead } = setup();
    const ability = abilityFor(policy, { ...mia, accessMode: 'read' });
    expect(ability.can('read', lead('dan'))).toBe(true);
    expect(ability.can('write', lead('dan'))).toBe(false);
  });

  it("a gated manager reaches no report's rows", () => {
    const { policy, mia, lead } = setup();
    expect(abilityFor(policy, { ...mia, licensed: false }).can('read', lead('dan'))).toBe(false);
  });

  it('two managers with as many reports share a template yet reach only their own reports', () => {
    const { policy, mia, lead } = setup();
    const ana = abilityFor(policy, {
      ...mia,
      id: 'ana',
      reports: { direct: ['bob'], indirect: [['cy'], ['di'], ['ed']] },
    });
    const own = abilityFor(policy, mia);
    expect(ana.can('write', lead('bob'))).toBe(true);
    expect(ana.can('read', lead('dan'))).toBe(false);
    expect(own.can('read', lead('bob'))).toBe(false);
    expect(own.can('write', lead('dan'))).toBe(true);
  });

  it('a user listed among their own reports is refused with the path of the entry', () => {
    const { policy, mia } = setup();
    expect(() => abilityFor(policy, { ...mia, reports: { direct: ['dan', 'mia'] } })).toThrowError(
      expect.objectContaining({
        code: 'invalid_principal',
        issues: [expect.objectContaining({ code: 'report_is_self', path: ['reports', 'direct', 1] })],
      }),
    );
  });

  it('a report that is also a team id is refused, since an owner field cannot tell them apart', () => {
    const { policy, mia } = setup();
    expect(() => abilityFor(policy, { ...mia, reports: { indirect: [['sales-team']] } })).toThrowError(
      expect.objectContaining({
        issues: [expect.objectContaining({ code: 'owner_id_conflict', path: ['reports', 'indirect', 0, 0] })],
      }),
    );
  });

  it('explain names the path: as manager of the report who owns the row', () => {
    const { policy, mia, lead } = setup();
    const ability = abilityFor(policy, mia);
    expect(explain(ability, 'write', lead('dan')).message).toMatchInlineSnapshot(
      `"user "mia" can write lead "lead-of-dan": as manager of "dan": hierarchy security (manager model) over rows of direct reports and their teams via security role "Salesperson""`,
    );
    expect(explain(ability, 'read', lead('eve')).message).toMatchInlineSnapshot(
      `"user "mia" can read lead "lead-of-eve": as manager of "eve" (indirect report, 2 levels down): hierarchy security (manager model) over rows of reports within 3 levels and their teams via security role "Salesperson""`,
    );
    expect(explain(ability, 'write', lead('eve')).message).toMatchInlineSnapshot(
      `"user "mia" cannot write lead "lead-of-eve": security role "Salesperson" at user level (business unit "hq") requires ownerId = "mia", the record has "eve"; hierarchy security (manager model) over rows of direct reports and their teams requires ownerId in ("dan"), the record has "eve""`,
    );
  });
});

describe('hierarchy security beside the rest of the ability', () => {
  it('a user without reports keeps their own rows and reaches nobody else’s', () => {
    const { policy, mia, lead } = setup();
    const { reports: _reports, ...alone } = mia;
    const ability = abilityFor(policy, alone);
    expect(ability.can('write', lead('mia'))).toBe(true);
    expect(ability.can('read', lead('dan'))).toBe(false);
  });

  it('a manager with no report in reach gets no hierarchy grant to explain', () => {
    const { policy, mia, lead } = setup();
    const ability = abilityFor(policy, { ...mia, reports: { direct: [] } });
    const why = explain(ability, 'read', lead('dan'));
    expect(why.allowed).toBe(false);
    expect(why.message).not.toContain('hierarchy');
  });

  it('a manager who holds Read through a team is explained with that team', () => {
    const { policy, mia, lead } = setup();
    const ability = abilityFor(policy, { ...mia, securityRoles: [], teams: ['sales-team'] });
    expect(ability.can('read', lead('dan'))).toBe(true);
    expect(ability.can('write', lead('dan'))).toBe(false);
    expect(explain(ability, 'read', lead('dan')).message).toContain('team "sales-team"');
  });

  it('the reasons sent to a browser name the model, the actions and how many levels down they reach', () => {
    const { policy, mia } = setup();
    const packed = packRules(abilityFor(policy, mia).rules) as unknown[][];
    const reasons = packed
      .map((rule) => rule.at(-1))
      .filter((reason) => String(reason).startsWith('hierarchy'));
    expect(reasons).toEqual([
      'hierarchy security (manager model) → read on lead rows owned by reports within 3 levels or their teams',
      'hierarchy security (manager model) → write, append, appendTo on lead rows owned by reports within 1 level or their teams',
    ]);
  });

  it('a browser rebuilds the rules of managers with and without hierarchy security, readers included', () => {
    for (const hierarchy of [{ model: 'manager' } as const, null]) {
      const { policy, mia } = setup(hierarchy);
      // A reader holds no write privilege: hierarchy security then has no write rule to give them.
      for (const user of [mia, { ...mia, securityRoles: ['Reader'] }]) {
        const server = abilityFor(policy, user);
        const browser = new Ability(unpackRules(JSON.parse(JSON.stringify(packRules(server.rules)))), {
          conditionsMatcher: () => () => false,
        });
        for (const action of ['read', 'write', 'delete'] as const)
          expect(browser.can(action, 'lead'), action).toBe(server.can(action, 'lead'));
      }
    }
  });

  it('a refused report is told what to fix', () => {
    const { policy, mia } = setup();
    const messageOf = (reports: UserPrincipal['reports']) => {
      try {
        abilityFor(policy, { ...mia, reports });
      } catch (error) {
        return (error as PrincipalValidationError).issues[0]?.message;
      }
      return undefined;
    };
    expect(messageOf({ direct: ['mia'] })).toContain('the manager chain has a cycle; fix the users');
    expect(messageOf({ direct: ['sales-team'] })).toContain('give the user or the team another id');
  });
  it('on a table without an owner field hierarchy security adds no grant: a refusal names only the role', () => {
    const policy = definePolicy({
      tables: { region: { businessUnit: 'unitId' } },
      businessUnits: [{ id: 'hq' }, { id: 'north', parent: 'hq' }],
      securityRoles: [{ name: 'Reader', privileges: { region: { read: 'businessUnit' } } }],
      hierarchy: { model: 'manager' },
    });
    const manager: UserPrincipal = {
      kind: 'user',
      id: 'mia',
      businessUnitId: 'north',
      licensed: true,
      securityRoles: ['Reader'],
      reports: { direct: ['dan'] },
    };
    const why = explain(abilityFor(policy, manager), 'read', subject('region', { id: 'R-1', unitId: 'hq' }));
    expect(why.allowed).toBe(false);
    expect(why.message).not.toContain('hierarchy');
  });
  it('reports are not checked while hierarchy security is off, even for a user compiled on their own', () => {
    const { mia, lead } = setup(null);
    // An administrative role keeps the user out of the shared templates: compiled with the reports as given.
    const policy = definePolicy({
      tables: { lead: { owner: 'ownerId', businessUnit: 'unitId' } },
      businessUnits: [{ id: 'hq' }],
      securityRoles: [{ name: 'Salesperson', privileges: { lead: { read: 'user', write: 'user' } } }],
      teams: [{ id: 'sales-team', type: 'owner', businessUnitId: 'hq' }],
      administrativeRoles: [
        { name: 'Helpdesk', operations: ['resetPassword'], targets: { kinds: ['user'] } },
      ],
    });
    const ability = abilityFor(policy, {
      ...mia,
      administrativeRoles: ['Helpdesk'],
      reports: { direct: ['mia', 'sales-team'] },
    });
    expect(ability.can('write', lead('mia'))).toBe(true);
  });
});
