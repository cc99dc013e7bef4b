import { describe, expect, it } from 'vitest';
import { BUILT_IN_ADMINISTRATIVE_ROLES } from '../../src/accounts/index.js';
import { abilityFor, definePolicy, type PolicyInput } from '../../src/index.js';

const base = { tables: { contact: {} } } as const satisfies PolicyInput;

function issuesOf(input: PolicyInput) {
  try {
    definePolicy(input);
  } catch (error) {
    return (error as { issues: { code: string; path: readonly (string | number)[]; message: string }[] })
      .issues;
  }
  return [];
}

describe('administrativeRoles in a policy', () => {
  it('every policy has the built-in roles, followed by its own', () => {
    const policy = definePolicy({
      ...base,
      administrativeRoles: [{ name: 'Inviter', operations: ['invite'], targets: { kinds: ['contact'] } }],
    });
    expect(policy.administrativeRoles.map((role) => role.name)).toEqual([
      ...BUILT_IN_ADMINISTRATIVE_ROLES.map((role) => role.name),
      'Inviter',
    ]);
    expect(policy.administrativeRoles.at(-1)).toMatchObject({
      operations: ['invite'],
      targets: { kinds: ['contact'], nonAdministrators: false },
      builtIn: false,
    });
  });

  it('a role reusing a built-in name, a duplicate and a limit on the wrong kind are errors with paths', () => {
    const issues = issuesOf({
      ...base,
      administrativeRoles: [
        { name: 'Global administrator', operations: ['purge'] },
        { name: 'Desk', operations: ['resetPassword'] },
        { name: 'Desk', operations: ['resetPassword'], targets: { businessUnit: 'sameOrBelow' } },
        { name: 'Reps', operations: ['invite'], targets: { kinds: ['user'], account: 'own' } },
      ],
    });
    expect(issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['built_in_administrative_role', 'administrativeRoles.0.name'],
      ['duplicate_administrative_role', 'administrativeRoles.2.name'],
      ['administrative_target_kind', 'administrativeRoles.2.targets.businessUnit'],
      ['administrative_target_kind', 'administrativeRoles.3.targets.account'],
    ]);
    expect(issues[3]!.message).toBe(
      'targets.account limits contacts only (customer accounts are a contact field); set targets.kinds to ["contact"]',
    );
  });

  it('an unknown operation or an empty list of operations is refused by the schema', () => {
    const issues = issuesOf({
      ...base,
      administrativeRoles: [
        { name: 'A', operations: ['delete' as 'deleteAccount'] },
        { name: 'B', operations: [] },
      ],
    });
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'administrativeRoles.0.operations.0',
      'administrativeRoles.1.operations',
    ]);
  });

  it('a principal naming an undefined administrative role is refused with a hint (D18)', () => {
    const policy = definePolicy(base);
    // Typed string, as read from a session: the compiler refuses an undeclared role written literally.
    const misspelt: string = 'Pasword administrator';
    expect(() => abilityFor(policy, { kind: 'contact', id: 'c', administrativeRoles: [misspelt] })).toThrow(
      /administrative role "Pasword administrator" is not defined by the policy \(did you mean "Password administrator"\?\)/,
    );
  });

  it('even a disabled principal naming an undefined administrative role is refused', () => {
    const policy = definePolicy(base);
    const undefinedRole: string = 'Nobody';
    expect(() =>
      abilityFor(policy, {
        kind: 'contact',
        id: 'c',
        state: 'disabled',
        administrativeRoles: [undefinedRole],
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_principal' }));
  });
});
