import { describe, expect, it } from 'vitest';
import type { Provenance } from '../../src/base/rule.js';
import { describeGrant } from '../../src/explain/grant-describers.js';

describe('naming a grant in an explanation', () => {
  it('a table permission names its scope, its bound, its chain, the roles and the relationship it compares', () => {
    expect(
      describeGrant({
        kind: 'tablePermission',
        tablePermission: 'Order lines',
        scope: 'parent',
        field: 'orderid',
        within: 'legalEntity',
        chain: ['Order lines', 'Company orders', 'My account'],
        webRoles: ['Admin', 'Buyer'],
        throughAccount: ['Buyer'],
      }),
    ).toEqual({
      label:
        'table permission "Order lines" (parent scope within the contact\'s legal entity under "Company orders", "My account")',
      via: 'web roles "Admin", "Buyer" (held through the account)',
      relationship: 'orderid',
    });
    expect(
      describeGrant({
        kind: 'tablePermission',
        tablePermission: 'Products',
        scope: 'global',
        within: 'account',
        chain: ['Products'],
        webRoles: ['Buyer'],
      }),
    ).toEqual({
      label: 'table permission "Products" (global scope within the contact\'s account)',
      via: 'web role "Buyer"',
    });
  });

  it('a security role names its level and unit, and the team or the automatic Entra role it comes through', () => {
    const role = {
      kind: 'securityRole',
      securityRole: 'Sales',
      level: 'businessUnit',
      businessUnit: 'west',
    } as const;
    expect(describeGrant(role)).toEqual({
      label: 'security role "Sales" at businessUnit level (business unit "west")',
    });
    expect(describeGrant({ ...role, team: 'Crew' })).toMatchObject({ via: 'team "Crew"' });
    expect(describeGrant({ ...role, automatic: 'entraAdministrator' })).toMatchObject({
      via: 'an Entra administrator role (held automatically)',
    });
  });

  it('a share names the record or the related row it cascades from, and the role it is held through', () => {
    const share = {
      kind: 'recordShare',
      privilege: 'read',
      grantees: ['u1'],
      securityRole: 'Sales',
    } as const;
    expect(describeGrant(share)).toEqual({
      label: 'a share of the record for read',
      via: 'security role "Sales"',
    });
    expect(describeGrant({ ...share, through: [] })).toMatchObject({
      label: 'a share of the record for read',
    });
    expect(
      describeGrant({
        ...share,
        team: 'Crew',
        through: [
          { table: 'salesorder', field: 'orderid', key: 'salesorderid' },
          { table: 'account', field: 'customerid', key: 'accountid' },
        ],
      }),
    ).toEqual({
      label: 'a share of the related account for read, cascading through orderid → customerid',
      via: 'security role "Sales" (team "Crew")',
    });
  });

  it('column restrictions, page access, own row and administrative roles are named in words', () => {
    expect(
      describeGrant({
        kind: 'columnRestriction',
        table: 'order',
        action: 'read',
        restrictedBy: 'columnPermissions',
      }),
    ).toEqual({ label: 'no column permission held grants read on these columns of order' });
    expect(
      describeGrant({
        kind: 'columnRestriction',
        table: 'order',
        action: 'update',
        restrictedBy: 'securedColumns',
      }),
    ).toEqual({ label: 'no column security profile held grants update on these columns of order' });
    expect(describeGrant({ kind: 'pageAccess', right: 'view', webRoles: [] })).toEqual({
      label: 'webpage access control rules (public pages and pages a held role may read)',
      via: 'no web role',
    });
    expect(describeGrant({ kind: 'pageAccess', right: 'change', webRoles: ['Editor'] })).toEqual({
      label: 'webpage access control rules granting change',
      via: 'web role "Editor"',
    });
    expect(describeGrant({ kind: 'ownRow', reason: 'mustChangePassword' })).toEqual({
      label: 'own contact row only (the password must be changed first)',
    });
    expect(
      describeGrant({
        kind: 'administrativeRole',
        administrativeRole: 'Helpdesk',
        targetKind: 'contact',
        limits: ['nonAdministrators', 'businessUnit', 'account'],
      }),
    ).toEqual({
      label:
        'administrative role "Helpdesk" over contact accounts (non-administrators only, of their business unit or below, of their own customer account)',
    });
    expect(
      describeGrant({
        kind: 'administrativeRole',
        administrativeRole: 'Global',
        targetKind: 'user',
        limits: [],
        entra: true,
      }),
    ).toEqual({ label: 'Entra role "Global" over user accounts' });
  });

  it('a kind it does not know, inherited member names included, is named and never guessed at', () => {
    for (const kind of ['teamGrant', 'constructor', 'toString', 'hasOwnProperty'])
      expect(describeGrant({ kind } as unknown as Provenance), kind).toEqual({
        label: `grant of kind "${kind}"`,
      });
  });
});
