import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  isPolicyValidationError,
  type PolicyInput,
  subject,
  type TablePermissionInput,
} from '../../src/index.js';

/** Orders, their lines and the lines' notes; "My orders" is the top of every chain. */
function setup(...children: TablePermissionInput[]): PolicyInput {
  return withTop({}, ...children);
}

/** The same policy with the top permission changed. */
function withTop(change: Partial<TablePermissionInput>, ...children: TablePermissionInput[]): PolicyInput {
  return {
    tables: {
      salesorder: { contact: 'orderedBy' },
      salesorderline: { parent: { salesorder: 'orderId' } },
      note: { parent: { salesorderline: 'lineId' } },
    },
    webRoles: [{ name: 'Authorized user' }, { name: 'Buyer' }, { name: 'Auditor' }],
    tablePermissions: [
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read'],
        webRoles: ['Authorized user', 'Buyer'],
        ...change,
      },
      ...children,
    ],
  };
}

const lines = (webRoles?: string[]): TablePermissionInput => ({
  name: 'Lines',
  table: 'salesorderline',
  scope: 'parent',
  parent: 'My orders',
  privileges: ['read'],
  ...(webRoles === undefined ? {} : { webRoles }),
});

const notes = (webRoles?: string[]): TablePermissionInput => ({
  name: 'Notes',
  table: 'note',
  scope: 'parent',
  parent: 'Lines',
  privileges: ['read'],
  ...(webRoles === undefined ? {} : { webRoles }),
});

const order = { id: 'SO-1', orderedBy: 'jane' };
const line = subject('salesorderline', { id: 'L-1', orderId: 'SO-1', salesorder: order });
const note = subject('note', { id: 'N-1', lineId: 'L-1', salesorderline: { ...line } });
const jane = (webRoles: string[]) => ({ kind: 'contact' as const, id: 'jane', webRoles });

describe('a child permission that lists no web role takes its chain roles', () => {
  it("a holder of the top permission's role reads the lines of their order through a roleless child", () => {
    const policy = definePolicy(setup(lines()));
    expect(policy.tablePermissions[1]!.webRoles).toEqual(['Authorized user', 'Buyer']);
    expect(policy.warnings).toEqual([]);
    expect(abilityFor(policy, jane(['Buyer'])).can('read', line)).toBe(true);
    expect(abilityFor(policy, jane(['Auditor'])).can('read', line)).toBe(false);
  });

  it('a roleless grandchild takes the roles of the top of its chain through a roleless child', () => {
    const policy = definePolicy(setup(lines(), notes([])));
    expect(abilityFor(policy, jane(['Authorized user'])).can('read', note)).toBe(true);
    expect(abilityFor(policy, jane([])).can('read', note)).toBe(false);
  });

  it("a child that lists roles keeps its list: a holder of another of the parent's roles gets nothing through it", () => {
    const policy = definePolicy(setup(lines(['Buyer'])));
    expect(abilityFor(policy, jane(['Buyer'])).can('read', line)).toBe(true);
    expect(abilityFor(policy, jane(['Authorized user'])).can('read', line)).toBe(false);
  });

  it("a grandchild's listed roles are checked against the roles its roleless parent takes from the chain", () => {
    expect(() => definePolicy(setup(lines(), notes(['Buyer'])))).not.toThrow();
    try {
      definePolicy(setup(lines(), notes(['Auditor'])));
      expect.unreachable('a role outside the chain must be refused');
    } catch (error) {
      expect(isPolicyValidationError(error)).toBe(true);
      expect((error as { issues: unknown[] }).issues).toMatchObject([
        { code: 'role_missing_on_parent', path: ['tablePermissions', 2, 'webRoles', 0] },
      ]);
    }
  });

  it('a roleless chain grants nothing and warns at the child, naming the top permission as the fix', () => {
    const policy = definePolicy(withTop({ webRoles: [] }, lines()));
    expect(policy.warnings.map((warning) => [warning.code, warning.path])).toEqual([
      ['permission_without_role', ['tablePermissions', 0, 'webRoles']],
      ['permission_without_role', ['tablePermissions', 1, 'webRoles']],
    ]);
    expect(policy.warnings[1]!.message).toContain('add a web role to the top permission');
    expect(abilityFor(policy, jane(['Buyer'])).can('read', line)).toBe(false);
  });

  it('an inactive top permission still switches off a roleless child', () => {
    expect(
      abilityFor(definePolicy(withTop({ active: false }, lines())), jane(['Buyer'])).can('read', line),
    ).toBe(false);
  });
});
