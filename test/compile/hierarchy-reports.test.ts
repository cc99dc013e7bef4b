import { describe, expect, it } from 'vitest';
import {
  AbilityCache,
  abilityFor,
  definePolicy,
  explain,
  type HierarchyInput,
  type PolicyInput,
  type Report,
  subject,
  type UserPrincipal,
} from '../../src/index.js';

function setup(hierarchy: HierarchyInput = { model: 'manager' }) {
  const policy = definePolicy({
    tables: { lead: { owner: 'ownerId', businessUnit: 'unitId', shares: 'sharedWith' } },
    businessUnits: [
      { id: 'hq' },
      { id: 'sales', parent: 'hq' },
      { id: 'east', parent: 'sales' },
      { id: 'service', parent: 'hq' },
    ],
    securityRoles: [
      {
        name: 'Salesperson',
        privileges: { lead: { read: 'user', write: 'user', append: 'user', delete: 'user' } },
      },
    ],
    teams: [
      { id: 'crew', type: 'owner', businessUnitId: 'sales' },
      { id: 'desk', type: 'access', businessUnitId: 'sales' },
      { id: 'sales-all', type: 'owner', businessUnitId: 'sales', isDefault: true },
    ],
    hierarchy,
  } as PolicyInput);
  const manager = (direct: Report[], indirect: Report[][] = []): UserPrincipal => ({
    kind: 'user',
    id: 'mia',
    businessUnitId: 'sales',
    licensed: true,
    securityRoles: ['Salesperson'],
    reports: { direct, indirect },
  });
  const lead = (fields: Record<string, unknown>) => subject('lead', { id: 'L1', unitId: 'hq', ...fields });
  const sharedWith = (principal: string, ...privileges: string[]) => ({
    ownerId: 'stranger',
    sharedWith: [{ principal, privileges }],
  });
  return { policy, manager, lead, sharedWith };
}

describe("hierarchy security through the reports' teams and shares (SPEC 2.7)", () => {
  it("a manager reads and writes the rows owned by a direct report's team, but not its deletes", () => {
    const { policy, manager, lead } = setup();
    const ability = abilityFor(policy, manager([{ id: 'sam', teams: ['crew'] }]));
    expect(ability.can('read', lead({ ownerId: 'crew' }))).toBe(true);
    expect(ability.can('write', lead({ ownerId: 'crew' }))).toBe(true);
    expect(ability.can('delete', lead({ ownerId: 'crew' }))).toBe(false);
  });

  it("a manager reaches the rows owned by the default team of a report's stated unit", () => {
    const { policy, manager, lead } = setup();
    const ability = abilityFor(policy, {
      ...manager([{ id: 'sam', businessUnitId: 'sales' }]),
      businessUnitId: 'hq',
    });
    expect(ability.can('read', lead({ ownerId: 'sales-all' }))).toBe(true);
  });

  it('an access team of a report owns nothing the manager reaches, but what is shared with it is', () => {
    const { policy, manager, lead, sharedWith } = setup();
    const ability = abilityFor(policy, manager([{ id: 'sam', teams: ['desk'] }]));
    expect(ability.can('read', lead({ ownerId: 'desk' }))).toBe(false);
    expect(ability.can('read', lead(sharedWith('desk', 'read')))).toBe(true);
  });

  it('a row shared read-only with a direct report is read, not written, by the manager', () => {
    const { policy, manager, lead, sharedWith } = setup();
    const ability = abilityFor(policy, manager(['sam']));
    expect(ability.can('read', lead(sharedWith('sam', 'read')))).toBe(true);
    expect(ability.can('write', lead(sharedWith('sam', 'read')))).toBe(false);
    expect(ability.can('write', lead(sharedWith('sam', 'read', 'write')))).toBe(true);
  });

  it("a row shared for write with an indirect report's team is only read by the manager", () => {
    const { policy, manager, lead, sharedWith } = setup();
    const ability = abilityFor(policy, manager(['sam'], [[{ id: 'tom', teams: ['crew'] }]]));
    expect(ability.can('read', lead(sharedWith('crew', 'read', 'write')))).toBe(true);
    expect(ability.can('write', lead(sharedWith('crew', 'read', 'write')))).toBe(false);
  });

  it('a share never gives the manager a privilege the share does not name, nor one their roles lack', () => {
    const { policy, manager, lead, sharedWith } = setup();
    const ability = abilityFor(policy, manager(['sam']));
    expect(ability.can('read', lead(sharedWith('sam', 'write')))).toBe(false);
    expect(ability.can('delete', lead(sharedWith('sam', 'delete')))).toBe(false);
    expect(ability.can('appendTo', lead(sharedWith('sam', 'appendTo')))).toBe(false);
  });
});

describe('hierarchy security refuses or ignores what a report must not give', () => {
  it('a report listed twice is refused, whatever the levels, so their level is never guessed', () => {
    const { policy, manager } = setup();
    expect(() => abilityFor(policy, manager(['sam'], [[{ id: 'sam', teams: ['crew'] }]]))).toThrowError(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ code: 'duplicate_report', path: ['reports', 'indirect', 0, 0, 'id'] }),
        ],
      }),
    );
    expect(() => abilityFor(policy, manager(['sam', 'sam']))).toThrowError(
      expect.objectContaining({ issues: [expect.objectContaining({ code: 'duplicate_report' })] }),
    );
  });

  it('a report who is the manager is refused as a cycle, in either form', () => {
    const { policy, manager } = setup();
    expect(() => abilityFor(policy, manager([{ id: 'mia', teams: ['crew'] }]))).toThrowError(
      expect.objectContaining({
        issues: [expect.objectContaining({ code: 'report_is_self', path: ['reports', 'direct', 0, 'id'] })],
      }),
    );
  });

  it("a report's unknown team or unit, or another unit's default team, is refused with its path", () => {
    const { policy, manager } = setup();
    const codes = (report: Report) => {
      try {
        abilityFor(policy, manager([report]));
        return [];
      } catch (error) {
        return (error as { issues: { code: string; path: unknown[] }[] }).issues.map((issue) => [
          issue.code,
          issue.path.join('.'),
        ]);
      }
    };
    expect(codes({ id: 'sam', teams: ['ghost'] })).toEqual([['unknown_team', 'reports.direct.0.teams.0']]);
    expect(codes({ id: 'sam', businessUnitId: 'mars' })).toEqual([
      ['unknown_business_unit', 'reports.direct.0.businessUnitId'],
    ]);
    expect(codes({ id: 'sam', businessUnitId: 'east', teams: ['sales-all'] })).toEqual([
      ['default_team_membership', 'reports.direct.0.teams.0'],
    ]);
  });

  it('a report with the id of a team is refused: an owner field could not tell them apart', () => {
    const { policy, manager } = setup();
    expect(() => abilityFor(policy, manager([{ id: 'crew' }]))).toThrowError(
      expect.objectContaining({ issues: [expect.objectContaining({ code: 'owner_id_conflict' })] }),
    );
  });

  it('under the manager model a report in a sibling or a parent unit gives nothing: rows, teams or shares', () => {
    const { policy, manager, lead, sharedWith } = setup();
    for (const unit of ['service', 'hq']) {
      const ability = abilityFor(policy, manager([{ id: 'sam', businessUnitId: unit, teams: ['crew'] }]));
      expect(ability.can('read', lead({ ownerId: 'sam' })), unit).toBe(false);
      expect(ability.can('read', lead({ ownerId: 'crew' })), unit).toBe(false);
      expect(ability.can('read', lead(sharedWith('sam', 'read'))), unit).toBe(false);
    }
  });

  it("a report's unit may lie one unit further below the manager's per level, never more", () => {
    const { policy, manager, lead } = setup();
    const direct = abilityFor(policy, {
      ...manager([{ id: 'sam', businessUnitId: 'east' }]),
      businessUnitId: 'hq',
    });
    expect(direct.can('read', lead({ ownerId: 'sam' }))).toBe(false);
    const indirect = abilityFor(policy, {
      ...manager(['dan'], [[{ id: 'sam', businessUnitId: 'east' }]]),
      businessUnitId: 'hq',
    });
    expect(indirect.can('read', lead({ ownerId: 'sam' }))).toBe(true);
  });

  it('under the position model the unit rule does not apply', () => {
    const { policy, manager, lead } = setup({ model: 'position' });
    const ability = abilityFor(policy, manager([{ id: 'sam', businessUnitId: 'service' }]));
    expect(ability.can('read', lead({ ownerId: 'sam' }))).toBe(true);
  });

  it("a disabled report's rows, teams and shares give nothing unless the policy includes disabled reports", () => {
    const { manager, lead, sharedWith } = setup();
    const sam: Report = { id: 'sam', teams: ['crew'], enabled: false };
    for (const [includeDisabledReports, expected] of [
      [false, false],
      [true, true],
    ] as const) {
      const { policy } = setup({ model: 'manager', includeDisabledReports });
      const ability = abilityFor(policy, manager([sam], [['tom']]));
      expect(ability.can('read', lead({ ownerId: 'sam' }))).toBe(expected);
      expect(ability.can('read', lead({ ownerId: 'crew' }))).toBe(expected);
      expect(ability.can('read', lead(sharedWith('sam', 'read')))).toBe(expected);
      // The disabled report's own reports stay in, as their entries say.
      expect(ability.can('read', lead({ ownerId: 'tom' }))).toBe(true);
    }
  });

  it('a share to a team the report is not listed in gives nothing: membership is what the principal says', () => {
    const { policy, manager, lead, sharedWith } = setup();
    const ability = abilityFor(policy, manager([{ id: 'sam', teams: ['desk'] }]));
    expect(ability.can('read', lead(sharedWith('crew', 'read')))).toBe(false);
    expect(ability.can('read', lead({ ownerId: 'crew' }))).toBe(false);
  });

  it('a missing, null, empty or mistyped owner or share never matches a report or their team', () => {
    const { policy, manager, lead } = setup();
    const ability = abilityFor(policy, manager([{ id: 'sam', teams: ['crew'] }]));
    for (const fields of [
      {},
      { ownerId: null },
      { ownerId: '' },
      { ownerId: ['sam'] },
      { ownerId: { $ne: null } },
      { ownerId: ' sam' },
      { sharedWith: null },
      { sharedWith: { principal: 'sam', privileges: ['read'] } },
      { sharedWith: [{ principal: 'sam' }] },
      { sharedWith: [{ principal: 'sam', privileges: 'read' }] },
      { sharedWith: [{ principal: ['sam'], privileges: ['read'] }] },
    ]) {
      expect(ability.can('read', lead(fields)), JSON.stringify(fields)).toBe(false);
    }
  });
});

describe("explaining hierarchy grants through the reports' teams and shares", () => {
  it('names the report and the team that owns the row', () => {
    const { policy, manager, lead } = setup();
    const ability = abilityFor(policy, manager([{ id: 'sam', teams: ['crew'] }]));
    expect(explain(ability, 'write', lead({ ownerId: 'crew' })).message).toMatchInlineSnapshot(
      `"user "mia" can write lead "L1": as manager of "sam", owned by their team "crew": hierarchy security (manager model) over rows of direct reports and their teams via security role "Salesperson""`,
    );
  });

  it('names the report whose team a row is shared with, and for which privilege', () => {
    const { policy, manager, lead, sharedWith } = setup();
    const ability = abilityFor(policy, manager(['dan'], [[{ id: 'sam', teams: ['desk'] }]]));
    expect(explain(ability, 'read', lead(sharedWith('desk', 'read'))).message).toMatchInlineSnapshot(
      `"user "mia" can read lead "L1": as manager of "sam" (indirect report, 2 levels down), shared for read with their team "desk": hierarchy security (manager model) over rows shared with reports within 2 levels and their teams via security role "Salesperson""`,
    );
  });

  it('says why a row of a left-out report is denied', () => {
    const { policy, manager, lead } = setup();
    const ability = abilityFor(
      policy,
      manager([
        { id: 'sam', businessUnitId: 'service' },
        { id: 'dan', enabled: false },
      ]),
    );
    expect(explain(ability, 'read', lead({ ownerId: 'sam' })).message).toMatchInlineSnapshot(
      `"user "mia" cannot read lead "L1": security role "Salesperson" at user level (business unit "sales") requires ownerId in ("mia", "sales-all"), the record has "sam"; a share of the record for read requires a share with ("mia", "sales-all") for read, the record has no list of shares in sharedWith; report "sam" gives nothing through the hierarchy: their business unit "service" is neither the manager's unit nor below it within 1 level (the manager model's unit rule)"`,
    );
    expect(explain(ability, 'read', lead({ ownerId: 'dan' })).message).toMatchInlineSnapshot(
      `"user "mia" cannot read lead "L1": security role "Salesperson" at user level (business unit "sales") requires ownerId in ("mia", "sales-all"), the record has "dan"; a share of the record for read requires a share with ("mia", "sales-all") for read, the record has no list of shares in sharedWith; report "dan" gives nothing through the hierarchy: they are disabled and the policy leaves disabled reports out (hierarchy.includeDisabledReports)"`,
    );
  });
});

describe('reports with their details beside the caches', () => {
  it("an ability cache never serves a manager's ability after a report is disabled or leaves a team", () => {
    const { policy, manager, lead } = setup();
    const cache = new AbilityCache();
    const before = manager([{ id: 'sam', teams: ['crew'] }]);
    expect(cache.abilityFor(policy, before).can('read', lead({ ownerId: 'crew' }))).toBe(true);
    const disabled = manager([{ id: 'sam', teams: ['crew'], enabled: false }]);
    expect(cache.abilityFor(policy, disabled).can('read', lead({ ownerId: 'crew' }))).toBe(false);
    const left = manager([{ id: 'sam', teams: [] }]);
    expect(cache.abilityFor(policy, left).can('read', lead({ ownerId: 'crew' }))).toBe(false);
    expect(cache.abilityFor(policy, before).can('read', lead({ ownerId: 'crew' }))).toBe(true);
  });

  it('two managers whose reports carry teams each reach only their own reports’ teams', () => {
    const { policy, manager, lead } = setup();
    const mia = abilityFor(policy, manager([{ id: 'sam', teams: ['crew'] }]));
    const ana = abilityFor(policy, { ...manager([{ id: 'tom', teams: ['desk'] }]), id: 'ana' });
    expect(mia.can('read', lead({ ownerId: 'crew' }))).toBe(true);
    expect(ana.can('read', lead({ ownerId: 'crew' }))).toBe(false);
    expect(ana.can('read', lead({ ownerId: 'tom' }))).toBe(true);
    expect(mia.can('read', lead({ ownerId: 'tom' }))).toBe(false);
  });
});
