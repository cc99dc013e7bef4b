import { describe, expect, it } from 'vitest';
import {
  definePolicy,
  isPolicyValidationError,
  MAX_PARENT_DEPTH,
  type PolicyInput,
  PolicyValidationError,
} from '../../src/index.js';
import { customerPortalInput } from '../fixtures/customer-portal.js';

/** A small valid policy each test breaks in one place. */
function setup(): PolicyInput {
  return structuredClone({
    tables: {
      salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' },
      salesorderline: { parent: { salesorder: 'salesOrderId' } },
      contact: {},
      terms: {},
    },
    webRoles: [
      { name: 'Authorized user' },
      { name: 'Authenticated users', authenticatedUsers: true },
      { name: 'Anonymous users', anonymousUsers: true },
    ],
    tablePermissions: [
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read'],
        webRoles: ['Authorized user'],
      },
    ],
  }) as PolicyInput;
}

/** The issues `definePolicy` reports for an input; fails the test when it accepts it. */
function issuesOf(
  input: unknown,
): readonly { code: string; path: readonly (string | number)[]; message: string }[] {
  try {
    definePolicy(input as PolicyInput);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect(isPolicyValidationError(error)).toBe(true);
    expect((error as PolicyValidationError).code).toBe('invalid_policy');
    return (error as PolicyValidationError).issues;
  }
  throw new Error('definePolicy accepted an invalid policy');
}

function withPermissions(...tablePermissions: NonNullable<PolicyInput['tablePermissions']>): PolicyInput {
  return { ...setup(), tablePermissions };
}

/** A chain of `length` permissions on a self-referencing table: p1 is the root, pN the deepest child. */
function chainOf(length: number): PolicyInput {
  const tablePermissions = Array.from({ length }, (_, index) => ({
    name: `p${index + 1}`,
    table: 'folder',
    scope: index === 0 ? ('global' as const) : ('parent' as const),
    privileges: ['read' as const],
    webRoles: ['Authorized user'],
    ...(index === 0 ? {} : { parent: `p${index}` }),
  }));
  return { ...setup(), tables: { folder: { parent: { folder: 'parentFolderId' } } }, tablePermissions };
}

describe('definePolicy accepts a valid policy', () => {
  it('returns a deeply frozen policy and leaves the input untouched', () => {
    const input = setup();
    const before = structuredClone(input);
    const policy = definePolicy(input);
    expect(input).toEqual(before);
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.tables)).toBe(true);
    expect(Object.isFrozen(policy.tables.salesorder)).toBe(true);
    expect(Object.isFrozen(policy.webRoles[0])).toBe(true);
    expect(Object.isFrozen(policy.tablePermissions[0]?.privileges)).toBe(true);
    expect(() => {
      (policy.tablePermissions as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('accepts the Customer portal policy without warnings', () => {
    expect(definePolicy(customerPortalInput).warnings).toEqual([]);
  });

  it('warns about an inactive permission and a permission without web roles, and accepts them', () => {
    const policy = definePolicy(
      withPermissions(
        {
          name: 'Old orders',
          table: 'salesorder',
          scope: 'global',
          privileges: ['read'],
          webRoles: ['Authorized user'],
          active: false,
        },
        { name: 'Nobody', table: 'terms', scope: 'global', privileges: ['read'], webRoles: [] },
        { name: 'Nobody either', table: 'terms', scope: 'global', privileges: ['read'] },
      ),
    );
    expect(policy.warnings).toMatchInlineSnapshot(`
      [
        {
          "code": "inactive_permission",
          "message": "table permission "Old orders" is inactive and grants nothing",
          "path": [
            "tablePermissions",
            0,
            "active",
          ],
        },
        {
          "code": "permission_without_role",
          "message": "table permission "Nobody" has no web role and grants nothing; add a web role",
          "path": [
            "tablePermissions",
            1,
            "webRoles",
          ],
        },
        {
          "code": "permission_without_role",
          "message": "table permission "Nobody either" has no web role and grants nothing; add a web role",
          "path": [
            "tablePermissions",
            2,
            "webRoles",
          ],
        },
      ]
    `);
    expect(policy.tablePermissions.map((permission) => permission.effective)).toEqual([false, false, false]);
  });

  it('makes a whole child chain ineffective when an ancestor is inactive', () => {
    const policy = definePolicy(
      withPermissions(
        {
          name: 'My orders',
          table: 'salesorder',
          scope: 'contact',
          privileges: ['read'],
          webRoles: ['Authorized user'],
          active: false,
        },
        {
          name: 'Lines',
          table: 'salesorderline',
          scope: 'parent',
          parent: 'My orders',
          privileges: ['read'],
          webRoles: ['Authorized user'],
        },
      ),
    );
    expect(policy.tablePermissions.map((permission) => [permission.name, permission.effective])).toEqual([
      ['My orders', false],
      ['Lines', false],
    ]);
  });

  it(`accepts a parent chain of exactly ${MAX_PARENT_DEPTH} permissions`, () => {
    expect(definePolicy(chainOf(MAX_PARENT_DEPTH)).tablePermissions).toHaveLength(MAX_PARENT_DEPTH);
  });
});

describe('definePolicy refuses unknown keys (strict objects)', () => {
  it('refuses an unknown key at the root, on a table, a web role and a table permission', () => {
    const input = setup() as Record<string, unknown> & PolicyInput;
    expect(
      issuesOf({
        ...input,
        tabels: {},
        tables: { ...input.tables, terms: { contcat: 'x' } },
        webRoles: [{ name: 'Authorized user', authenticated: true }],
        tablePermissions: [{ ...input.tablePermissions![0]!, privilege: ['read'] }],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "unrecognized_keys",
          "message": "unknown key "contcat"; remove it or check the spelling",
          "path": [
            "tables",
            "terms",
          ],
        },
        {
          "code": "unrecognized_keys",
          "message": "unknown key "authenticated"; remove it or check the spelling",
          "path": [
            "webRoles",
            0,
          ],
        },
        {
          "code": "unrecognized_keys",
          "message": "unknown key "privilege"; remove it or check the spelling",
          "path": [
            "tablePermissions",
            0,
          ],
        },
        {
          "code": "unrecognized_keys",
          "message": "unknown key "tabels"; remove it or check the spelling",
          "path": [],
        },
      ]
    `);
  });
});

describe('definePolicy refuses unknown names', () => {
  it('refuses a permission on an undeclared table, with a suggestion', () => {
    expect(
      issuesOf(
        withPermissions({
          name: 'Orders',
          table: 'salesorders',
          scope: 'global',
          privileges: ['read'],
          webRoles: ['Authorized user'],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "unknown_table",
          "message": "table "salesorders" is not declared under "tables"; declare it or fix the name (did you mean "salesorder"?)",
          "path": [
            "tablePermissions",
            0,
            "table",
          ],
        },
      ]
    `);
  });

  it('refuses a parent relationship to an undeclared table', () => {
    expect(
      issuesOf({
        ...setup(),
        tables: { ...setup().tables, salesorderline: { parent: { salesordr: 'salesOrderId' } } },
      }),
    ).toMatchInlineSnapshot(`
        [
          {
            "code": "unknown_table",
            "message": "parent table "salesordr" is not declared under "tables" (did you mean "salesorder"?)",
            "path": [
              "tables",
              "salesorderline",
              "parent",
              "salesordr",
            ],
          },
        ]
      `);
  });

  it('refuses an undefined web role on a permission', () => {
    expect(
      issuesOf(
        withPermissions({
          name: 'Orders',
          table: 'salesorder',
          scope: 'global',
          privileges: ['read'],
          webRoles: ['Authorised user'],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "unknown_web_role",
          "message": "web role "Authorised user" is not defined under "webRoles"; define it or fix the name (did you mean "Authorized user"?)",
          "path": [
            "tablePermissions",
            0,
            "webRoles",
            0,
          ],
        },
      ]
    `);
  });

  it('refuses an unknown parent permission', () => {
    expect(
      issuesOf(
        withPermissions(
          {
            name: 'My orders',
            table: 'salesorder',
            scope: 'contact',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'Lines',
            table: 'salesorderline',
            scope: 'parent',
            parent: 'My order',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "unknown_parent",
          "message": "parent table permission "My order" does not exist (did you mean "My orders"?)",
          "path": [
            "tablePermissions",
            1,
            "parent",
          ],
        },
      ]
    `);
  });

  it('refuses relationship fields and overrides that are not among the declared fields', () => {
    expect(
      issuesOf({
        ...setup(),
        tables: {
          ...setup().tables,
          salesorder: { fields: ['id', 'orderedBy'], contact: 'orderedBy', account: 'customerAccount' },
          salesorderline: { fields: ['id'], parent: { salesorder: 'salesOrderId' } },
        },
        tablePermissions: [
          {
            name: 'My orders',
            table: 'salesorder',
            scope: 'contact',
            relationship: 'placedBy',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
        ],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "unknown_field",
          "message": "field "customerAccount" is not among tables.salesorder.fields; add it there or fix the name (known: "id", "orderedBy")",
          "path": [
            "tables",
            "salesorder",
            "account",
          ],
        },
        {
          "code": "unknown_field",
          "message": "field "salesOrderId" is not among tables.salesorderline.fields; add it there or fix the name",
          "path": [
            "tables",
            "salesorderline",
            "parent",
            "salesorder",
          ],
        },
        {
          "code": "unknown_field",
          "message": "field "placedBy" is not among tables.salesorder.fields; add it there or fix the name (known: "id", "orderedBy")",
          "path": [
            "tablePermissions",
            0,
            "relationship",
          ],
        },
      ]
    `);
  });

  it('refuses an unknown scope and an unknown privilege', () => {
    expect(
      issuesOf(
        withPermissions({
          name: 'Orders',
          table: 'salesorder',
          scope: 'team' as 'global',
          privileges: ['read', 'update' as 'write'],
          webRoles: ['Authorized user'],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "invalid_value",
          "message": "expected one of "global", "contact", "account", "self", "parent"",
          "path": [
            "tablePermissions",
            0,
            "scope",
          ],
        },
        {
          "code": "invalid_value",
          "message": "expected one of "read", "write", "create", "delete", "append", "appendTo"",
          "path": [
            "tablePermissions",
            0,
            "privileges",
            1,
          ],
        },
      ]
    `);
  });

  it('refuses two permissions and two web roles with the same name', () => {
    expect(
      issuesOf({
        ...setup(),
        webRoles: [...setup().webRoles!, { name: 'Authorized user' }],
        tablePermissions: [...setup().tablePermissions!, ...setup().tablePermissions!],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "duplicate_web_role",
          "message": "web role "Authorized user" is defined twice; give each web role a unique name",
          "path": [
            "webRoles",
            3,
            "name",
          ],
        },
        {
          "code": "duplicate_table_permission",
          "message": "table permission "My orders" is defined twice; give each table permission a unique name",
          "path": [
            "tablePermissions",
            1,
            "name",
          ],
        },
      ]
    `);
  });
});

describe('definePolicy refuses a scope the table cannot support', () => {
  it('refuses contact and account scopes on a table without those relationships', () => {
    expect(
      issuesOf(
        withPermissions(
          {
            name: 'My terms',
            table: 'terms',
            scope: 'contact',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'Company terms',
            table: 'terms',
            scope: 'account',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "missing_relationship",
          "message": "table permission "My terms" uses scope "contact" but table "terms" declares no contact relationship; add one under tables.terms.contact, set "relationship" on the permission, or use another scope",
          "path": [
            "tablePermissions",
            0,
            "scope",
          ],
        },
        {
          "code": "missing_relationship",
          "message": "table permission "Company terms" uses scope "account" but table "terms" declares no account relationship; add one under tables.terms.account, set "relationship" on the permission, or use scope "global"",
          "path": [
            "tablePermissions",
            1,
            "scope",
          ],
        },
      ]
    `);
  });

  it('refuses the self scope on a table other than the contact table', () => {
    expect(
      issuesOf(
        withPermissions({
          name: 'Me',
          table: 'salesorder',
          scope: 'self',
          privileges: ['read'],
          webRoles: ['Authorized user'],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "missing_relationship",
          "message": "table permission "Me" uses scope "self" on table "salesorder", but self only applies to the contact table "contact"; use scope "contact" or set "contactTable" in the policy",
          "path": [
            "tablePermissions",
            0,
            "scope",
          ],
        },
      ]
    `);
  });

  it('refuses a parent scope without a parent, a parent on another scope, and a child table without the relationship', () => {
    expect(
      issuesOf(
        withPermissions(
          {
            name: 'My orders',
            table: 'salesorder',
            scope: 'contact',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'Orphan lines',
            table: 'salesorderline',
            scope: 'parent',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'Global lines',
            table: 'salesorderline',
            scope: 'global',
            parent: 'My orders',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'Terms of my orders',
            table: 'terms',
            scope: 'parent',
            parent: 'My orders',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "missing_relationship",
          "message": "table permission "Orphan lines" uses scope "parent" but names no parent permission; set "parent" to the name of the parent table permission",
          "path": [
            "tablePermissions",
            1,
            "scope",
          ],
        },
        {
          "code": "unexpected_parent",
          "message": "table permission "Global lines" names a parent but its scope is "global"; use scope "parent" or remove "parent"",
          "path": [
            "tablePermissions",
            2,
            "parent",
          ],
        },
        {
          "code": "missing_relationship",
          "message": "table permission "Terms of my orders" has a parent on table "salesorder" but table "terms" declares no relationship to it; add tables.terms.parent.salesorder, or set "relationship" on the permission",
          "path": [
            "tablePermissions",
            3,
            "scope",
          ],
        },
      ]
    `);
  });

  it('refuses a relationship override on a scope that compares no relationship', () => {
    expect(
      issuesOf(
        withPermissions(
          {
            name: 'All orders',
            table: 'salesorder',
            scope: 'global',
            relationship: 'orderedBy',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'Me',
            table: 'contact',
            scope: 'self',
            relationship: 'id',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "unexpected_relationship",
          "message": "table permission "All orders" sets "relationship" but scope "global" compares no relationship field; remove "relationship" or use a scope that needs one (contact, account or parent)",
          "path": [
            "tablePermissions",
            0,
            "relationship",
          ],
        },
        {
          "code": "unexpected_relationship",
          "message": "table permission "Me" sets "relationship" but scope "self" compares no relationship field; remove "relationship" or use a scope that needs one (contact, account or parent)",
          "path": [
            "tablePermissions",
            1,
            "relationship",
          ],
        },
      ]
    `);
  });
});

describe('definePolicy refuses broken parent chains', () => {
  it('refuses a permission that is its own parent', () => {
    expect(
      issuesOf({
        ...chainOf(1),
        tablePermissions: [
          {
            name: 'p1',
            table: 'folder',
            scope: 'parent',
            parent: 'p1',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
        ],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "invalid_parent_chain",
          "message": "parent chain "p1" → "p1" is a cycle; a permission cannot be its own ancestor",
          "path": [
            "tablePermissions",
            0,
            "parent",
          ],
        },
      ]
    `);
  });

  it('refuses a cycle of two permissions', () => {
    expect(
      issuesOf({
        ...chainOf(1),
        tablePermissions: [
          {
            name: 'p1',
            table: 'folder',
            scope: 'parent',
            parent: 'p2',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'p2',
            table: 'folder',
            scope: 'parent',
            parent: 'p1',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
        ],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "invalid_parent_chain",
          "message": "parent chain "p1" → "p2" → "p1" is a cycle; a permission cannot be its own ancestor",
          "path": [
            "tablePermissions",
            0,
            "parent",
          ],
        },
        {
          "code": "invalid_parent_chain",
          "message": "parent chain "p2" → "p1" → "p2" is a cycle; a permission cannot be its own ancestor",
          "path": [
            "tablePermissions",
            1,
            "parent",
          ],
        },
      ]
    `);
  });

  it(`refuses a chain deeper than ${MAX_PARENT_DEPTH} permissions`, () => {
    expect(issuesOf(chainOf(MAX_PARENT_DEPTH + 1))).toMatchInlineSnapshot(`
      [
        {
          "code": "invalid_parent_chain",
          "message": "parent chain of "p9" is deeper than 8 permissions; flatten it",
          "path": [
            "tablePermissions",
            8,
            "parent",
          ],
        },
      ]
    `);
  });

  it('refuses a long cycle without overflowing the stack', () => {
    const chain = chainOf(5000);
    const [root, ...rest] = chain.tablePermissions!;
    const issues = issuesOf({
      ...chain,
      tablePermissions: [{ ...root!, scope: 'parent', parent: 'p5000' }, ...rest],
    });
    expect(issues.every((issue) => issue.code === 'invalid_parent_chain')).toBe(true);
  });

  it('refuses a child permission linked to a web role its parent lacks', () => {
    expect(
      issuesOf({
        ...setup(),
        webRoles: [...setup().webRoles!, { name: 'Customer representative' }],
        tablePermissions: [
          {
            name: 'My orders',
            table: 'salesorder',
            scope: 'contact',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          },
          {
            name: 'Lines',
            table: 'salesorderline',
            scope: 'parent',
            parent: 'My orders',
            privileges: ['read'],
            webRoles: ['Authorized user', 'Customer representative'],
          },
        ],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "role_missing_on_parent",
          "message": "web role "Customer representative" is not on the parent permission "My orders"; add it there, remove it here, or list no web role so the child takes its chain's roles (a child permission only works for roles its parent has)",
          "path": [
            "tablePermissions",
            1,
            "webRoles",
            1,
          ],
        },
      ]
    `);
  });
});

describe('definePolicy refuses ambiguous built-in roles (D8)', () => {
  it('refuses two Authenticated users roles and two Anonymous users roles', () => {
    expect(
      issuesOf({
        ...setup(),
        webRoles: [
          { name: 'Authenticated users', authenticatedUsers: true },
          { name: 'Signed in', authenticatedUsers: true },
          { name: 'Anonymous users', anonymousUsers: true },
          { name: 'Visitors', anonymousUsers: true },
          { name: 'Authorized user' },
        ],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "duplicate_authenticatedUsers_role",
          "message": "only one web role may set authenticatedUsers: true (web role "Authenticated users" already does); remove the flag here",
          "path": [
            "webRoles",
            1,
            "authenticatedUsers",
          ],
        },
        {
          "code": "duplicate_anonymousUsers_role",
          "message": "only one web role may set anonymousUsers: true (web role "Anonymous users" already does); remove the flag here",
          "path": [
            "webRoles",
            3,
            "anonymousUsers",
          ],
        },
      ]
    `);
  });

  it('refuses a role that is both the Authenticated and the Anonymous users role', () => {
    expect(
      issuesOf({
        ...setup(),
        webRoles: [
          { name: 'Authorized user' },
          { name: 'Everyone', authenticatedUsers: true, anonymousUsers: true },
        ],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "code": "conflicting_builtin_role",
          "message": "web role "Everyone" cannot be both the Authenticated and the Anonymous users role; pick one",
          "path": [
            "webRoles",
            1,
          ],
        },
      ]
    `);
  });
});

describe('definePolicy refuses keys that could reach Object.prototype', () => {
  const reserved = ['__proto__', 'constructor', 'prototype'] as const;

  for (const key of reserved) {
    it(`refuses "${key}" as a table, web role, field and permission name and leaves Object.prototype untouched`, () => {
      const tables = JSON.parse(`{"${key}": {"contact": "orderedBy"}, "terms": {}}`) as PolicyInput['tables'];
      expect(issuesOf({ ...setup(), tables }).map((issue) => [issue.code, issue.path])).toEqual([
        ['reserved_key', ['tables', key]],
      ]);
      expect(issuesOf({ ...setup(), webRoles: [{ name: key }] }).map((issue) => issue.path)).toContainEqual([
        'webRoles',
        0,
        'name',
      ]);
      expect(
        issuesOf({ ...setup(), tables: { ...setup().tables, salesorder: { contact: key } } }).map(
          (issue) => issue.path,
        ),
      ).toContainEqual(['tables', 'salesorder', 'contact']);
      expect(
        issuesOf(
          withPermissions({
            name: key,
            table: 'terms',
            scope: 'global',
            privileges: ['read'],
            webRoles: ['Authorized user'],
          }),
        ).map((issue) => issue.path),
      ).toContainEqual(['tablePermissions', 0, 'name']);
      expect(({} as Record<string, unknown>).contact).toBeUndefined();
      expect(Object.keys(Object.prototype)).toEqual([]);
    });
  }

  it('refuses a reserved key nested anywhere, with its path and message', () => {
    const input = JSON.parse(
      '{"tables": {"terms": {"parent": {"__proto__": {"polluted": true}}}}, "webRoles": [{"name": "A", "__proto__": {"polluted": true}}]}',
    );
    expect(issuesOf(input)).toMatchInlineSnapshot(`
      [
        {
          "code": "reserved_key",
          "message": "key "__proto__" is reserved (it could reach Object.prototype); rename it",
          "path": [
            "tables",
            "terms",
            "parent",
            "__proto__",
          ],
        },
        {
          "code": "reserved_key",
          "message": "key "__proto__" is reserved (it could reach Object.prototype); rename it",
          "path": [
            "webRoles",
            0,
            "__proto__",
          ],
        },
      ]
    `);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('definePolicy bounds the work hostile input can cause', () => {
  it('refuses a 50,000-deep policy with a PolicyValidationError naming where it nests too deep (input depth bound)', () => {
    const input = JSON.parse(`{"tables": {}, "webRoles": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    const issues = issuesOf(input);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('too_deep');
    expect(issues[0]!.path).toEqual(['webRoles', ...Array.from({ length: 31 }, () => 0)]);
  });

  it('refuses a self-referencing policy object with a validation issue instead of overflowing the stack', () => {
    const webRoles: unknown[] = [];
    webRoles.push(webRoles);
    expect(issuesOf({ tables: {}, webRoles }).map((issue) => issue.code)).not.toContain('too_deep');
  });

  // Its time, and that it grows linearly, is measured by bench/define-policy.ts: a test never times the machine.
  it('validates 10,000 table permissions in parent chains over 1,000 web roles', () => {
    const webRoles = Array.from({ length: 1_000 }, (_, i) => ({ name: `role ${i}` }));
    const tablePermissions = Array.from({ length: 10_000 }, (_, i) => {
      const depth = i % MAX_PARENT_DEPTH;
      const common = {
        name: `p${i}`,
        table: 'folder',
        privileges: ['read' as const],
        webRoles: [`role ${Math.floor(i / MAX_PARENT_DEPTH) % 1_000}`],
      };
      return depth === 0
        ? { ...common, scope: 'global' as const }
        : { ...common, scope: 'parent' as const, parent: `p${i - 1}` };
    });
    const input = {
      tables: { folder: { parent: { folder: 'parentFolderId' } } },
      webRoles,
      tablePermissions,
    };
    expect(definePolicy(input).tablePermissions).toHaveLength(10_000);
  }, 240_000);
});

describe('definePolicy refuses a relationship field named like its parent table (D15: the parent row is embedded under that name)', () => {
  it('refuses a table whose parent relationship field is named like the parent table', () => {
    const input = setup();
    (input.tables as Record<string, unknown>).salesorderline = { parent: { salesorder: 'salesorder' } };
    expect(issuesOf(input)).toMatchInlineSnapshot(`
      [
        {
          "code": "field_shadows_parent_table",
          "message": "field "salesorder" of table "salesorderline" is named like its parent table "salesorder", where a record carries the related parent row; rename the relationship field (e.g. "salesorderId")",
          "path": [
            "tables",
            "salesorderline",
            "parent",
            "salesorder",
          ],
        },
      ]
    `);
  });

  it('refuses a relationship override named like the parent table, and another relationship field so named', () => {
    const input = withPermissions(
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read'],
        webRoles: ['Authorized user'],
      },
      {
        name: 'Lines of my orders',
        table: 'salesorderline',
        scope: 'parent',
        parent: 'My orders',
        relationship: 'salesorder',
        privileges: ['read'],
        webRoles: ['Authorized user'],
      },
    );
    expect(issuesOf(input).map((issue) => [issue.code, issue.path])).toEqual([
      ['field_shadows_parent_table', ['tablePermissions', 1, 'relationship']],
    ]);
    (input.tables as Record<string, unknown>).salesorderline = {
      parent: { salesorder: 'salesOrderId' },
      contact: 'salesorder',
    };
    expect(issuesOf(input).map((issue) => [issue.code, issue.path])).toContainEqual([
      'field_shadows_parent_table',
      ['tables', 'salesorderline', 'contact'],
    ]);
  });
});
