import { describe, expect, it } from 'vitest';
import { definePolicy, isPolicyValidationError } from '../../src/index.js';
import { internalInput } from '../fixtures/internal-users.js';

const issuesOf = (internalUsers: unknown) => {
  try {
    definePolicy({ ...internalInput, internalUsers } as Parameters<typeof definePolicy>[0]);
  } catch (error) {
    if (isPolicyValidationError(error)) return error.issues;
    throw error;
  }
  return [];
};

describe('internal-user settings', () => {
  it('defaults: no automatic administrator role, the seed stub role the policy defines, roles removed on a move', () => {
    expect(definePolicy(internalInput).internalUsers).toEqual({
      systemAdministratorRole: undefined,
      stubUserRoles: ['Salesperson'],
      DoNotRemoveRolesOnChangeBusinessUnit: false,
    });
    const { securityRoles: _, teams: __, ...withoutRoles } = internalInput;
    expect(definePolicy(withoutRoles).internalUsers.stubUserRoles).toEqual([]);
  });

  it('Basic User is the seed default before Salesperson when the policy defines both', () => {
    const policy = definePolicy({
      ...internalInput,
      securityRoles: [...internalInput.securityRoles, { name: 'Basic User', privileges: {} }],
    });
    expect(policy.internalUsers.stubUserRoles).toEqual(['Basic User']);
  });

  it('an explicit empty list gives stub users no role', () => {
    expect(
      definePolicy({ ...internalInput, internalUsers: { stubUserRoles: [] } }).internalUsers.stubUserRoles,
    ).toEqual([]);
  });

  it('an unknown role is refused with its path and a did-you-mean', () => {
    const issues = issuesOf({
      systemAdministratorRole: 'Global Reader',
      stubUserRoles: ['Basic reader', 'Salesperon'],
    });
    expect(issues.map((issue) => [issue.path, issue.message])).toMatchInlineSnapshot(`
      [
        [
          [
            "internalUsers",
            "systemAdministratorRole",
          ],
          "the system administrator role "Global Reader" is not defined under "securityRoles" (did you mean "Global reader"?); define it or fix the name",
        ],
        [
          [
            "internalUsers",
            "stubUserRoles",
            1,
          ],
          "stub user role "Salesperon" is not defined under "securityRoles" (did you mean "Salesperson"?); define it or fix the name",
        ],
      ]
    `);
  });

  it('a mistyped setting is refused, not read as on', () => {
    const issues = issuesOf({ DoNotRemoveRolesOnChangeBusinessUnit: 'true' });
    expect(issues[0]?.path).toEqual(['internalUsers', 'DoNotRemoveRolesOnChangeBusinessUnit']);
    expect(issuesOf({ doNotRemoveRolesOnChangeBusinessUnit: true })[0]?.path[0]).toBe('internalUsers');
  });
});
