import { describe, expect, it } from 'vitest';
import type { HierarchyProvenance } from '../../src/base/rule.js';
import type { ReachedReport } from '../../src/compile/hierarchy-reports.js';
import { describeHierarchy, describeHierarchyFor, leftOutPhrase } from '../../src/explain/hierarchy-grant.js';

const manager: HierarchyProvenance = {
  kind: 'hierarchy',
  model: 'manager',
  field: 'ownerid',
  depth: 2,
  securityRole: 'Sales manager',
};
const dan: ReachedReport = { id: 'dan', level: 1, teams: ['crew', 'access'], ownerTeams: ['crew'] };
const eve: ReachedReport = { id: 'eve', level: 2, teams: [], ownerTeams: [] };
const far: ReachedReport = { id: 'far', level: 3, teams: [], ownerTeams: [] };

describe('a hierarchy grant in words', () => {
  it('names the model, the depth, whether it follows shares, and the role and team it is held through', () => {
    expect(describeHierarchy({ ...manager, depth: 1 })).toEqual({
      label: 'hierarchy security (manager model) over rows of direct reports and their teams',
      via: 'security role "Sales manager"',
    });
    expect(describeHierarchy({ ...manager, model: 'position', via: 'share', team: 'Leads' })).toEqual({
      label:
        'hierarchy security (position model) over rows shared with reports within 2 levels and their teams',
      via: 'security role "Sales manager" (team "Leads")',
    });
  });

  it('names the report a record came through, its level, and the team that owns it', () => {
    const label = (record: unknown, provenance = manager) =>
      describeHierarchyFor(provenance, record, 'read', [dan, eve, far]).label;
    const general = describeHierarchy(manager).label;
    expect(label({ ownerid: 'dan' })).toBe(`as manager of "dan": ${general}`);
    expect(label({ ownerid: 'eve' })).toBe(
      `as manager of "eve" (indirect report, 2 levels down): ${general}`,
    );
    expect(label({ ownerid: 'crew' })).toBe(`as manager of "dan", owned by their team "crew": ${general}`);
    expect(label({ ownerid: 'access' })).toBe(general);
    expect(label({ ownerid: 'far' })).toBe(general);
    expect(label({})).toBe(general);
    expect(label(Object.create({ ownerid: 'dan' }))).toBe(general);
    expect(label({ ownerid: 'dan' }, { ...manager, model: 'position' })).toMatch(
      /^as holder of a position above of "dan": hierarchy security \(position model\)/,
    );
  });

  it('for a shared grant names who the record is shared with for this action, own fields only', () => {
    const shared = { ...manager, field: 'shares', via: 'share' } as const;
    const general = describeHierarchy(shared).label;
    const label = (shares: unknown, action = 'read') =>
      describeHierarchyFor(shared, { shares }, action, [dan, eve]).label;
    expect(label([{ principal: 'eve', privileges: ['read'] }])).toBe(
      `as manager of "eve" (indirect report, 2 levels down), shared for read with them: ${general}`,
    );
    expect(label([{ principal: 'access', privileges: ['write', 'read'] }])).toBe(
      `as manager of "dan", shared for read with their team "access": ${general}`,
    );
    expect(label([{ principal: 'eve', privileges: ['write'] }])).toBe(general);
    expect(label([{ principal: 'eve', privileges: 'read' }])).toBe(general);
    expect(label([{ principal: 7, privileges: ['read'] }, null])).toBe(general);
    expect(label([Object.create({ principal: 'eve', privileges: ['read'] })])).toBe(general);
    expect(label('eve')).toBe(general);
  });

  it('says why a listed report the record belongs to gives nothing', () => {
    const leftOut = [
      { id: 'sam', level: 1, reason: 'disabled' as const },
      { id: 'kim', level: 1, reason: 'businessUnit' as const, businessUnitId: 'west' },
      { id: 'lee', level: 3, reason: 'businessUnit' as const, businessUnitId: 'east' },
    ];
    expect(leftOutPhrase(leftOut, { ownerid: 'sam' }, 'ownerid')).toBe(
      'report "sam" gives nothing through the hierarchy: they are disabled and the policy leaves disabled reports out (hierarchy.includeDisabledReports)',
    );
    expect(leftOutPhrase(leftOut, { ownerid: 'kim' }, 'ownerid')).toBe(
      'report "kim" gives nothing through the hierarchy: their business unit "west" is neither the manager\'s unit nor below it within 1 level (the manager model\'s unit rule)',
    );
    expect(leftOutPhrase(leftOut, { ownerid: 'lee' }, 'ownerid')).toMatch(/within 3 levels \(the manager/);
    expect(leftOutPhrase(leftOut, { ownerid: 'ann' }, 'ownerid')).toBeUndefined();
    expect(leftOutPhrase(leftOut, { ownerid: 'sam' }, undefined)).toBeUndefined();
  });
});
