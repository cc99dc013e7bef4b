import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, type PolicyInput, type Principal } from '../../src/index.js';
import { customerPortal, customerPortalInput, people } from '../fixtures/customer-portal.js';
import { refusalOf } from '../fixtures/refusal.js';

type Issues = readonly { code: string; path: readonly (string | number)[]; message: string }[];

const issuesOf = (run: () => unknown): Issues => (refusalOf(run)?.issues ?? []) as Issues;

const withPermission = (input: PolicyInput, changes: Record<string, unknown>): PolicyInput => ({
  ...input,
  tablePermissions: [
    { ...input.tablePermissions![0]!, ...changes } as never,
    ...input.tablePermissions!.slice(1),
  ],
});

describe('policy and principal refusals word a wrong choice and a wrong type', () => {
  it('a misspelt scope and privilege name the ones meant, at their paths', () => {
    const issues = issuesOf(() =>
      definePolicy(withPermission(customerPortalInput, { scope: 'acount', privileges: ['raed'] })),
    );
    expect(issues.map((issue) => [issue.path.join('.'), issue.message.split('?')[0]])).toEqual([
      ['tablePermissions.0.scope', 'did you mean "account"'],
      ['tablePermissions.0.privileges.0', 'did you mean "read"'],
    ]);
  });

  it('a choice close to none only lists the choices', () => {
    const [issue] = issuesOf(() =>
      definePolicy(withPermission(customerPortalInput, { scope: 'everything' })),
    );
    expect(issue?.message).toBe('expected one of "global", "contact", "account", "self", "parent"');
  });

  it('a value of the wrong type is called by its type, not missing', () => {
    const issues = issuesOf(() =>
      definePolicy({ ...customerPortalInput, webRoles: [{ name: 5 as never }] } as PolicyInput),
    );
    expect(issues[0]).toMatchObject({
      path: ['webRoles', 0, 'name'],
      message: 'expected string, got number',
    });
  });

  it('a missing field is called required', () => {
    const issues = issuesOf(() => definePolicy({ ...customerPortalInput, webRoles: [{} as never] }));
    expect(issues[0]).toMatchObject({
      path: ['webRoles', 0, 'name'],
      message: 'expected string (this field is required)',
    });
  });

  it("a principal's field of the wrong type is called by its type, and the refusal never quotes the value", () => {
    const secret = 'not-a-list-but-a-secret';
    const principal = { ...people.jane, webRoles: secret } as unknown as Principal;
    const refusal = refusalOf(() => abilityFor(customerPortal, principal));
    expect(((refusal?.issues ?? []) as Issues)[0]).toMatchObject({
      path: ['webRoles'],
      message: 'expected array, got string',
    });
    expect(JSON.stringify(refusal?.issues)).not.toContain(secret);
    expect(String(refusal?.message)).not.toContain(secret);
  });
});
