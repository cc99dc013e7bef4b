import { describe, expect, it } from 'vitest';
import {
  assignSecurityRole,
  type LifecycleUser,
  removeSecurityRole,
  type SecurityRoleGrant,
} from '../../src/accounts/index.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';
import { lifecycleUser } from '../fixtures/lifecycle-user.js';
import { refusalOf } from '../fixtures/refusal.js';

function setup() {
  const environment = fakeEnvironment();
  const roles: SecurityRoleGrant[] = [
    { name: 'Salesperson', privileges: { salesorder: { read: 'businessUnit', write: 'user' } } },
    {
      name: 'Sales manager',
      privileges: { salesorder: { read: 'parentChildBusinessUnits', write: 'businessUnit' } },
    },
    { name: 'B reader', businessUnitId: 'B', privileges: { salesorder: { read: 'user' } } },
    { name: 'Team role', privileges: { account: { read: 'organization' } } },
  ];
  const user = (id: string, securityRoles: string[], extra: Partial<LifecycleUser> = {}): LifecycleUser =>
    lifecycleUser(id, { businessUnitId: 'A', securityRoles, ...extra });
  return { environment, roles, manager: user('m', ['Sales manager']), clerk: user('c', []), user };
}

describe('assignSecurityRole', () => {
  it('assigns a role whose privileges the assigner holds, naming the assigner in the event', () => {
    const { environment, roles, manager, clerk } = setup();
    const { user, event } = assignSecurityRole(environment, {
      assigner: manager,
      user: clerk,
      role: 'Salesperson',
      roles,
    });
    expect(user.securityRoles).toEqual(['Salesperson']);
    expect(clerk.securityRoles).toEqual([]);
    expect(event).toMatchObject({
      type: 'role.assigned',
      actorId: 'm',
      subjectId: 'c',
      details: { role: 'Salesperson' },
    });
  });

  it('refuses elevation: a salesperson cannot assign the Sales manager role', () => {
    const { environment, roles, user, clerk } = setup();
    expect(() =>
      assignSecurityRole(environment, {
        assigner: user('s', ['Salesperson']),
        user: clerk,
        role: 'Sales manager',
        roles,
      }),
    ).toThrow(
      expect.objectContaining({ code: 'privilege_elevation', table: 'salesorder', privilege: 'read' }),
    );
  });

  it('counts the assigner’s team roles as held', () => {
    const { environment, roles, user, clerk } = setup();
    const assigner = user('t', ['Salesperson'], { teams: ['east'] });
    const teams = [{ id: 'east', securityRoles: ['Team role'] }];
    expect(() =>
      assignSecurityRole(environment, { assigner, user: clerk, role: 'Team role', roles }),
    ).toThrow(expect.objectContaining({ code: 'privilege_elevation' }));
    expect(
      assignSecurityRole(environment, { assigner, user: clerk, role: 'Team role', roles, teams }).user
        .securityRoles,
    ).toEqual(['Team role']);
  });

  it('refuses a disabled user unless allowRoleAssignmentOnDisabledUsers', () => {
    const { environment, roles, manager, user } = setup();
    const disabled = user('d', [], { enabled: false, state: 'disabled' });
    expect(() =>
      assignSecurityRole(environment, { assigner: manager, user: disabled, role: 'Salesperson', roles }),
    ).toThrow(expect.objectContaining({ code: 'role_assignment_on_disabled_user' }));
    const allowed = assignSecurityRole(environment, {
      assigner: manager,
      user: disabled,
      role: 'Salesperson',
      roles,
      settings: { allowRoleAssignmentOnDisabledUsers: true },
    });
    expect(allowed.user.securityRoles).toEqual(['Salesperson']);
  });

  it('refuses a role of another business unit unless matrix access is on', () => {
    const { environment, roles, manager, clerk } = setup();
    expect(() =>
      assignSecurityRole(environment, { assigner: manager, user: clerk, role: 'B reader', roles }),
    ).toThrow(expect.objectContaining({ code: 'foreign_business_unit_role' }));
    const matrix = assignSecurityRole(environment, {
      assigner: manager,
      user: clerk,
      role: 'B reader',
      roles,
      settings: { matrixAccess: true },
    });
    expect(matrix.user.securityRoles).toEqual(['B reader']);
  });

  it('refuses an unknown role with a hint, an inactive assigner and a deleted user', () => {
    const { environment, roles, manager, clerk, user } = setup();
    expect(() =>
      assignSecurityRole(environment, { assigner: manager, user: clerk, role: 'Salesperon', roles }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_lifecycle_input',
        message: expect.stringContaining('did you mean "Salesperson"'),
      }),
    );
    expect(() =>
      assignSecurityRole(environment, {
        assigner: { ...manager, state: 'blocked' },
        user: clerk,
        role: 'Salesperson',
        roles,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_account_transition' }));
    expect(() =>
      assignSecurityRole(environment, {
        assigner: manager,
        user: user('x', [], { state: 'deleted' }),
        role: 'Salesperson',
        roles,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_account_transition' }));
  });

  it('refuses a role with a level it does not know rather than waving it through', () => {
    const { environment, roles, manager, clerk } = setup();
    const odd = { name: 'Odd', privileges: { salesorder: { read: 'everything' as never } } };
    expect(() =>
      assignSecurityRole(environment, {
        assigner: manager,
        user: clerk,
        role: 'Odd',
        roles: [...roles, odd],
      }),
    ).toThrow(expect.objectContaining({ code: 'privilege_elevation' }));
  });

  it('removes a role', () => {
    const { environment, manager } = setup();
    expect(removeSecurityRole(environment, manager, 'Sales manager', 'admin').user.securityRoles).toEqual([]);
  });
});

describe('assignment settings are read from their own fields only', () => {
  it('settings polluted onto Object.prototype or given as truthy strings never relax the assignment rules', () => {
    const { environment, roles, manager, user } = setup();
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.matrixAccess = true;
    prototype.allowRoleAssignmentOnDisabledUsers = true;
    try {
      expect(() =>
        assignSecurityRole(environment, { assigner: manager, user: user('d', []), role: 'B reader', roles }),
      ).toThrow(expect.objectContaining({ code: 'foreign_business_unit_role' }));
      expect(() =>
        assignSecurityRole(environment, {
          assigner: manager,
          user: user('d', [], { enabled: false }),
          role: 'Salesperson',
          roles,
          settings: {},
        }),
      ).toThrow(expect.objectContaining({ code: 'role_assignment_on_disabled_user' }));
    } finally {
      delete prototype.matrixAccess;
      delete prototype.allowRoleAssignmentOnDisabledUsers;
    }
    expect(() =>
      assignSecurityRole(environment, {
        assigner: manager,
        user: user('d', []),
        role: 'B reader',
        roles,
        settings: { matrixAccess: 'false' as unknown as boolean },
      }),
    ).toThrow(expect.objectContaining({ code: 'foreign_business_unit_role' }));
  });
});

describe('a mistyped enabled flag on either side of an assignment', () => {
  it('a user or assigner whose enabled flag is the string "false" counts as disabled', () => {
    const { environment, roles, manager, user } = setup();
    const notEnabled = 'false' as unknown as boolean;
    expect(() =>
      assignSecurityRole(environment, {
        assigner: manager,
        user: user('d', [], { enabled: notEnabled }),
        role: 'Salesperson',
        roles,
      }),
    ).toThrow(expect.objectContaining({ code: 'role_assignment_on_disabled_user' }));
    expect(() =>
      assignSecurityRole(environment, {
        assigner: { ...manager, enabled: notEnabled },
        user: user('d', []),
        role: 'Salesperson',
        roles,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_account_transition' }));
  });
});

describe('what an assigner holds', () => {
  it('a role the assigner holds that the catalog no longer defines grants nothing, and breaks nothing', () => {
    const { environment, roles, user, clerk } = setup();
    const assigner = user('s', ['Retired role', 'Sales manager']);
    expect(
      assignSecurityRole(environment, { assigner, user: clerk, role: 'Salesperson', roles }).user
        .securityRoles,
    ).toEqual(['Salesperson']);
  });

  it('a privilege granted at level none is never an elevation, whatever the assigner holds', () => {
    const { environment, roles, user, clerk } = setup();
    const nothing = { name: 'Nothing', privileges: { invoice: { read: 'none' as const } } };
    const odd = { name: 'Odd holder', privileges: { invoice: { read: 'everything' as never } } };
    for (const assigner of [user('s', []), user('o', ['Odd holder'])]) {
      expect(
        assignSecurityRole(environment, {
          assigner,
          user: clerk,
          role: 'Nothing',
          roles: [...roles, nothing, odd],
        }).user.securityRoles,
        assigner.id,
      ).toEqual(['Nothing']);
    }
  });
});

describe('who may be given a role, and by whom', () => {
  it('an unknown role is refused on role, with its own code', () => {
    const { environment, roles, manager, clerk } = setup();
    expect(
      refusalOf(() =>
        assignSecurityRole(environment, { assigner: manager, user: clerk, role: 'Nope', roles }),
      ),
    ).toMatchObject({ issues: [{ code: 'unknown_security_role', path: ['role'] }] });
  });

  it('a user whose state is disabled is refused a role even when its enabled flag says true', () => {
    const { environment, roles, manager, user } = setup();
    const disabled = user('d', [], { state: 'disabled' });
    expect(
      refusalOf(() =>
        assignSecurityRole(environment, { assigner: manager, user: disabled, role: 'Salesperson', roles }),
      ),
    ).toMatchObject({ code: 'role_assignment_on_disabled_user' });
  });

  it('an assigner who is not active is refused as what it is: blocked, or disabled when not enabled', () => {
    const { environment, roles, manager, clerk } = setup();
    const cases: [LifecycleUser, string][] = [
      [{ ...manager, state: 'blocked' }, 'blocked'],
      [{ ...manager, enabled: false }, 'disabled'],
      [{ ...manager, state: 'blocked', enabled: false }, 'disabled'],
    ];
    for (const [assigner, from] of cases) {
      const refusal = refusalOf(() =>
        assignSecurityRole(environment, { assigner, user: clerk, role: 'Salesperson', roles }),
      );
      expect(refusal, from).toMatchObject({ transition: 'assign roles as', from });
      expect(refusal?.message, from).toMatch(/the assigner must be active/);
    }
  });

  it('a deleted or purged user is refused a role until restored', () => {
    const { environment, roles, manager, user } = setup();
    for (const state of ['deleted', 'purged'] as const) {
      const refusal = refusalOf(() =>
        assignSecurityRole(environment, {
          assigner: manager,
          user: user('x', [], { state }),
          role: 'Salesperson',
          roles,
        }),
      );
      expect(refusal, state).toMatchObject({
        code: 'invalid_account_transition',
        transition: 'assign a role to',
        from: state,
      });
      expect(refusal?.message, state).toMatch(/restore the user first/);
    }
  });

  it("a role of the user's own business unit is assigned without matrix access", () => {
    const { environment, roles, manager, user } = setup();
    const inB = user('b', [], { businessUnitId: 'B' });
    expect(
      assignSecurityRole(environment, { assigner: manager, user: inB, role: 'B reader', roles }).user
        .securityRoles,
    ).toEqual(['B reader']);
  });
});

describe('removeSecurityRole', () => {
  it("removes only the role named, keeps the user's other roles, and records who removed which role", () => {
    const { environment, user } = setup();
    const removed = removeSecurityRole(
      environment,
      user('u', ['Salesperson', 'Sales manager']),
      'Salesperson',
      'admin',
    );
    expect(removed.user.securityRoles).toEqual(['Sales manager']);
    expect(removed.event).toMatchObject({
      type: 'role.removed',
      actorId: 'admin',
      subjectId: 'u',
      details: { role: 'Salesperson' },
    });
  });
});
