import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, hierarchyReports, subject } from '../../src/index.js';
import { parsePrincipal } from '../../src/principal/principal.js';

const managerPolicy = definePolicy({
  tables: { lead: { owner: 'ownerId' } },
  businessUnits: [{ id: 'hq' }, { id: 'east', parent: 'hq' }, { id: 'east-1', parent: 'east' }],
  hierarchy: { model: 'manager', depth: 3 },
});

describe('hierarchyReports', () => {
  it('lists direct reports, then indirect ones level by level, up to the policy depth', () => {
    const users = [
      { id: 'mia' },
      { id: 'dan', managerId: 'mia' },
      { id: 'dee', managerId: 'mia' },
      { id: 'eve', managerId: 'dan' },
      { id: 'fay', managerId: 'eve' },
      { id: 'gus', managerId: 'fay' },
      { id: 'out', managerId: null },
    ];
    expect(hierarchyReports(managerPolicy, 'mia', users)).toEqual({
      reports: { direct: ['dan', 'dee'], indirect: [['eve'], ['fay']] },
      problems: [],
    });
  });

  it('a cycle is reported and cut, never followed', () => {
    const users = [
      { id: 'mia', managerId: 'eve' },
      { id: 'dan', managerId: 'mia' },
      { id: 'eve', managerId: 'dan' },
    ];
    const { reports, problems } = hierarchyReports(managerPolicy, 'mia', users);
    expect(reports).toEqual({ direct: ['dan'], indirect: [['eve']] });
    expect(problems.map((problem) => problem.code)).toEqual(['hierarchy_cycle']);
  });

  it('a user who manages themself is a cycle, and a long chain is walked without recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({ id: `u${i}`, managerId: `u${i - 1}` }));
    chain[0] = { id: 'u0', managerId: 'u0' };
    const { reports, problems } = hierarchyReports(managerPolicy, 'u0', chain);
    expect(reports).toEqual({ direct: ['u1'], indirect: [['u2'], ['u3']] });
    expect(problems.map((problem) => problem.code)).toEqual(['hierarchy_cycle']);
  });

  it("a manager outside the report's unit and its parent reaches neither the report nor those below", () => {
    const users = [
      { id: 'mia', businessUnitId: 'hq' },
      { id: 'dan', managerId: 'mia', businessUnitId: 'east' },
      { id: 'eve', managerId: 'mia', businessUnitId: 'east-1' },
      { id: 'fay', managerId: 'eve', businessUnitId: 'east-1' },
    ];
    const { reports, problems } = hierarchyReports(managerPolicy, 'mia', users);
    expect(reports).toEqual({ direct: [{ id: 'dan', businessUnitId: 'east' }], indirect: [] });
    expect(problems).toEqual([expect.objectContaining({ code: 'manager_outside_business_unit' })]);
  });

  it('disabled reports are left out unless includeDisabled, which lists them marked disabled; their own reports stay in', () => {
    const users = [
      { id: 'dan', managerId: 'mia', enabled: false },
      { id: 'eve', managerId: 'dan' },
    ];
    expect(hierarchyReports(managerPolicy, 'mia', users).reports).toEqual({
      direct: [],
      indirect: [['eve']],
    });
    expect(hierarchyReports(managerPolicy, 'mia', users, { includeDisabled: true }).reports).toEqual({
      direct: [{ id: 'dan', enabled: false }],
      indirect: [['eve']],
    });
  });

  it("the policy's includeDisabledReports is the default of includeDisabled", () => {
    const policy = definePolicy({
      tables: { lead: { owner: 'ownerId' } },
      hierarchy: { model: 'manager', includeDisabledReports: true },
    });
    const users = [{ id: 'dan', managerId: 'mia', enabled: false }];
    expect(hierarchyReports(policy, 'mia', users).reports.direct).toEqual([{ id: 'dan', enabled: false }]);
    expect(hierarchyReports(policy, 'mia', users, { includeDisabled: false }).reports.direct).toEqual([]);
  });

  it("a report's teams come with them; a team the policy lacks, or another unit's default team, is left out with a problem", () => {
    const policy = definePolicy({
      tables: { lead: { owner: 'ownerId' } },
      businessUnits: [{ id: 'hq' }, { id: 'east', parent: 'hq' }],
      teams: [
        { id: 'crew', type: 'owner', businessUnitId: 'hq' },
        { id: 'east-all', type: 'owner', businessUnitId: 'east', isDefault: true },
      ],
      hierarchy: { model: 'manager' },
    });
    const users = [
      { id: 'mia', businessUnitId: 'hq' },
      { id: 'dan', managerId: 'mia', businessUnitId: 'hq', teams: ['crew', 'ghost', 'east-all', 'crew'] },
    ];
    const { reports, problems } = hierarchyReports(policy, 'mia', users);
    expect(reports.direct).toEqual([{ id: 'dan', businessUnitId: 'hq', teams: ['crew'] }]);
    expect(problems.map((problem) => problem.code)).toEqual(['unknown_team', 'unknown_team']);
  });

  it('a duplicate user id is reported and its second entry ignored', () => {
    const users = [
      { id: 'dan', managerId: 'mia' },
      { id: 'dan', managerId: 'zed' },
    ];
    const { reports, problems } = hierarchyReports(managerPolicy, 'mia', users);
    expect(reports.direct).toEqual(['dan']);
    expect(problems).toEqual([expect.objectContaining({ code: 'duplicate_id', path: ['users', 1, 'id'] })]);
  });

  it('a report in more teams than a principal may list keeps the first ones, with a problem, and abilityFor accepts the result', () => {
    const teams = Array.from({ length: 101 }, (_, i) => ({
      id: `t${i}`,
      type: 'owner' as const,
      businessUnitId: 'hq',
    }));
    const policy = definePolicy({
      tables: { lead: { owner: 'ownerId' } },
      businessUnits: [{ id: 'hq' }],
      securityRoles: [{ name: 'Reader', privileges: { lead: { read: 'user' } } }],
      teams,
      hierarchy: { model: 'manager' },
    });
    const users = [{ id: 'dan', managerId: 'mia', teams: teams.map((team) => team.id) }];
    const { reports, problems } = hierarchyReports(policy, 'mia', users);
    expect(reports.direct).toEqual([{ id: 'dan', teams: teams.slice(0, 100).map((team) => team.id) }]);
    expect(problems.map((problem) => problem.code)).toEqual(['too_many_teams']);
    const mia = abilityFor(policy, {
      kind: 'user',
      id: 'mia',
      businessUnitId: 'hq',
      licensed: true,
      securityRoles: ['Reader'],
      reports,
    });
    expect(mia.can('read', subject('lead', { id: 'L1', ownerId: 't99' }))).toBe(true);
    expect(mia.can('read', subject('lead', { id: 'L2', ownerId: 't100' }))).toBe(false);
  });

  it('under the position model the reports are the users in the positions below, across units', () => {
    const policy = definePolicy({
      tables: { lead: { owner: 'ownerId' } },
      businessUnits: [{ id: 'hq' }, { id: 'east', parent: 'hq' }],
      hierarchy: { model: 'position', depth: 2 },
    });
    const positions = [
      { id: 'ceo' },
      { id: 'vp', parentId: 'ceo' },
      { id: 'rep', parentId: 'vp' },
      { id: 'intern', parentId: 'rep' },
    ];
    const users = [
      { id: 'ann', positionId: 'ceo', businessUnitId: 'hq' },
      { id: 'ben', positionId: 'ceo' },
      { id: 'vic', positionId: 'vp', businessUnitId: 'east' },
      { id: 'rae', positionId: 'rep' },
      { id: 'ian', positionId: 'intern' },
    ];
    expect(hierarchyReports(policy, 'ann', users, { positions }).reports).toEqual({
      direct: [{ id: 'vic', businessUnitId: 'east' }],
      indirect: [['rae']],
    });
  });

  it("a user whose id is a team's is left out with a problem, so the manager keeps every other report", () => {
    const policy = definePolicy({
      tables: { lead: { owner: 'ownerId' } },
      businessUnits: [{ id: 'hq' }],
      securityRoles: [{ name: 'Reader', privileges: { lead: { read: 'user' } } }],
      teams: [{ id: 'crew', type: 'owner', businessUnitId: 'hq' }],
      hierarchy: { model: 'manager', depth: 3 },
    });
    const users = [
      { id: 'mia' },
      { id: 'dan', managerId: 'mia' },
      { id: 'crew', managerId: 'mia' },
      { id: 'eve', managerId: 'crew' },
    ];
    const { reports, problems } = hierarchyReports(policy, 'mia', users);
    expect(reports).toEqual({ direct: ['dan'], indirect: [['eve']] });
    expect(problems.map((problem) => [problem.code, problem.message.slice(0, 35)])).toEqual([
      ['owner_id_conflict', 'user "crew" has the id of a team, a'],
    ]);
    const mia = abilityFor(policy, {
      kind: 'user',
      id: 'mia',
      businessUnitId: 'hq',
      licensed: true,
      securityRoles: ['Reader'],
      reports,
    });
    expect(mia.can('read', subject('lead', { id: 'L1', ownerId: 'dan' }))).toBe(true);
    expect(mia.can('read', subject('lead', { id: 'L2', ownerId: 'eve' }))).toBe(true);
    expect(mia.can('read', subject('lead', { id: 'L3', ownerId: 'crew' }))).toBe(false);
  });

  it('asking for reports under a policy without hierarchy says how to turn it on', () => {
    const policy = definePolicy({ tables: { lead: { owner: 'ownerId' } } });
    expect(() => hierarchyReports(policy, 'mia', [])).toThrowErrorMatchingInlineSnapshot(
      `[PortalPermissionsError: the policy has no hierarchy security; add hierarchy: { model: "manager" } (or "position") to the policy]`,
    );
  });
});

describe('reports on the principal', () => {
  const user = { kind: 'user', id: 'mia', businessUnitId: 'hq' } as const;

  it('well-formed report ids per level are accepted', () => {
    expect(parsePrincipal({ ...user, reports: { direct: ['dan'], indirect: [['eve'], []] } })).toMatchObject({
      reports: { direct: ['dan'], indirect: [['eve'], []] },
    });
  });

  it('an empty, padded or ill-formed report id is refused with its path', () => {
    for (const bad of ['', ' dan', '\uD800', '__proto__']) {
      expect(() => parsePrincipal({ ...user, reports: { indirect: [['eve', bad]] } })).toThrowError(
        expect.objectContaining({
          issues: [expect.objectContaining({ path: ['reports', 'indirect', 0, 1] })],
        }),
      );
    }
  });

  it('an unknown key, a flat indirect list or too many reports are refused', () => {
    expect(() => parsePrincipal({ ...user, reports: { direct: [], peers: [] } })).toThrow();
    expect(() => parsePrincipal({ ...user, reports: { indirect: ['eve'] } })).toThrow();
    const many = Array.from({ length: 10_001 }, (_, i) => `u${i}`);
    expect(() => parsePrincipal({ ...user, reports: { direct: many } })).toThrowError(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ['reports', 'direct'] })] }),
    );
  });

  it('inherited reports are not read', () => {
    const polluted = Object.create({ reports: { direct: ['dan'] } });
    Object.assign(polluted, user);
    expect(parsePrincipal(polluted)).toMatchObject({ kind: 'user', reports: undefined });
  });
});
