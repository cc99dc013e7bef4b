import { describe, expect, it } from 'vitest';
import { definePolicy, type Issue, type PolicyInput, PolicyValidationError } from '../../src/index.js';
import { pricedPortalInput } from '../fixtures/column-security.js';

function issuesOf(input: PolicyInput): Issue[] {
  try {
    definePolicy(input);
  } catch (error) {
    if (error instanceof PolicyValidationError) return [...error.issues];
    throw error;
  }
  return [];
}

const profile = pricedPortalInput.columnPermissions[0];

describe('column permission validation', () => {
  it('accepts the priced portal', () => {
    expect(issuesOf(pricedPortalInput)).toEqual([]);
  });

  it('refuses a column the table does not declare, with its path and a hint', () => {
    const issues = issuesOf({
      ...pricedPortalInput,
      columnPermissions: [{ ...profile, columns: { prise: ['read'] } }],
    });
    expect(issues).toMatchObject([
      { code: 'unknown_column', path: ['columnPermissions', 0, 'columns', 'prise'] },
    ]);
    expect(issues[0]!.message).toContain('did you mean "price"?');
  });

  it('accepts any column on a table that does not declare its fields', () => {
    expect(
      issuesOf({
        ...pricedPortalInput,
        columnPermissions: [
          { name: 'Notes', table: 'note', webRoles: ['Authorized user'], columns: { body: ['read'] } },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses an unknown table, an unknown web role and a duplicate name', () => {
    const issues = issuesOf({
      ...pricedPortalInput,
      columnPermissions: [profile, { ...profile, table: 'salesordr', webRoles: ['Authorised user'] }],
    });
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['duplicate_column_permission', ['columnPermissions', 1, 'name']],
      ['unknown_web_role', ['columnPermissions', 1, 'webRoles', 0]],
      ['unknown_table', ['columnPermissions', 1, 'table']],
    ]);
    expect(issues[1]!.message).toContain('did you mean "Authorized user"?');
    expect(issues[2]!.message).toContain('did you mean "salesorder"?');
  });

  it('refuses an unknown column action and an action listed twice', () => {
    expect(
      issuesOf({ ...pricedPortalInput, columnPermissions: [{ ...profile, allColumns: ['read', 'read'] }] }),
    ).toMatchObject([{ code: 'duplicate_column_action', path: ['columnPermissions', 0, 'allColumns', 1] }]);
    const wrong = { ...profile, allColumns: ['delete'] } as unknown as typeof profile;
    expect(issuesOf({ ...pricedPortalInput, columnPermissions: [wrong] })[0]!.path).toEqual([
      'columnPermissions',
      0,
      'allColumns',
      0,
    ]);
  });
});

describe('column security profile validation', () => {
  const pricing = pricedPortalInput.columnSecurityProfiles[0];

  it('refuses a profile column that is not secured, an unknown table and a duplicate name', () => {
    const issues = issuesOf({
      ...pricedPortalInput,
      columnSecurityProfiles: [
        pricing,
        { name: 'Pricing', columns: { salesorder: { status: ['read'] }, salesordr: { price: ['read'] } } },
      ],
    });
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['duplicate_column_security_profile', ['columnSecurityProfiles', 1, 'name']],
      ['unsecured_column', ['columnSecurityProfiles', 1, 'columns', 'salesorder', 'status']],
      ['unknown_table', ['columnSecurityProfiles', 1, 'columns', 'salesordr']],
    ]);
  });

  it('refuses a secured column the table does not declare', () => {
    const issues = issuesOf({
      ...pricedPortalInput,
      tables: {
        ...pricedPortalInput.tables,
        salesorder: { ...pricedPortalInput.tables.salesorder, securedColumns: ['price', 'totl'] },
      },
      columnSecurityProfiles: [{ name: 'Pricing', columns: { salesorder: { price: ['read'] } } }],
    });
    expect(issues).toMatchObject([
      { code: 'unknown_column', path: ['tables', 'salesorder', 'securedColumns', 1] },
    ]);
    expect(issues[0]!.message).toContain('did you mean "total"?');
  });

  it('refuses a team holding an unknown profile, and an access team holding any', () => {
    const issues = issuesOf({
      ...pricedPortalInput,
      teams: [
        { id: 'pricing-team', businessUnitId: 'sales', type: 'owner', columnSecurityProfiles: ['Pricng'] },
        { id: 'viewers', businessUnitId: 'sales', type: 'access', columnSecurityProfiles: ['Pricing'] },
      ],
    });
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['unknown_column_security_profile', ['teams', 0, 'columnSecurityProfiles', 0]],
      ['access_team_with_column_profiles', ['teams', 1, 'columnSecurityProfiles']],
    ]);
    expect(issues[0]!.message).toContain('did you mean "Pricing"?');
  });
});
