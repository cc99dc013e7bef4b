import { describe, expect, it } from 'vitest';
import {
  BulkImportError,
  importContacts,
  importUsers,
  type LifecycleUser,
} from '../../src/accounts/index.js';
import { abilityFor, definePolicy } from '../../src/index.js';
import { customerPortal, order } from '../fixtures/customer-portal.js';
import { internalInput } from '../fixtures/internal-users.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

const catchError = (run: () => unknown): BulkImportError => {
  try {
    run();
  } catch (error) {
    if (error instanceof BulkImportError) return error;
    throw error;
  }
  throw new Error('expected a BulkImportError');
};

describe('importContacts', () => {
  it('imports valid contacts whose roles then work with abilityFor', () => {
    const csv =
      'id,accountId,legalEntity,webRoles\r\njane,X,usmf,Authorized user\r\nrita,X,usmf,"Customer representative;Authorized user"\r\n';
    const { imported, event } = importContacts(fakeEnvironment(), {
      policy: customerPortal,
      csv,
      actorId: 'admin',
    });
    expect(imported).toEqual([
      {
        kind: 'contact',
        id: 'jane',
        accountId: 'X',
        legalEntity: 'usmf',
        webRoles: ['Authorized user'],
        state: 'active',
        registeredVia: 'administrator',
      },
      {
        kind: 'contact',
        id: 'rita',
        accountId: 'X',
        legalEntity: 'usmf',
        webRoles: ['Customer representative', 'Authorized user'],
        state: 'active',
        registeredVia: 'administrator',
      },
    ]);
    expect(event).toMatchObject({
      type: 'contacts.imported',
      actorId: 'admin',
      details: { contactIds: ['jane', 'rita'] },
    });
    expect(abilityFor(customerPortal, imported[1]!).can('read', order('sams'))).toBe(true);
  });

  it('imports nothing and reports every bad row with its line and column', () => {
    const csv = [
      'id,accountId,webRoles,state',
      'jane,X,Authorised user,active',
      ',X,,',
      'jane,X,,',
      'sam,X,,asleep',
      'may,Y',
      'ok,Y,Unauthorized user,',
    ].join('\r\n');
    const error = catchError(() =>
      importContacts(fakeEnvironment(), { policy: customerPortal, csv, existingIds: ['may'] }),
    );
    expect(error.issues.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
      { line: 2, column: 'webRoles', code: 'unknown_web_role' },
      { line: 3, column: 'id', code: 'missing_id' },
      { line: 4, column: 'id', code: 'duplicate_id' },
      { line: 5, column: 'state', code: 'invalid_state' },
      { line: 6, column: '', code: 'field_count' },
    ]);
    expect(error.message).toContain('nothing was imported (5 problems)');
  });

  it('refuses an unknown or missing header column before reading rows', () => {
    const error = catchError(() =>
      importContacts(fakeEnvironment(), { policy: customerPortal, csv: 'acountId\r\nX' }),
    );
    expect(error.issues).toMatchObject([
      {
        line: 1,
        column: 'acountId',
        code: 'unknown_column',
        message: expect.stringContaining('did you mean "accountId"'),
      },
      { line: 1, column: 'id', code: 'missing_column' },
    ]);
  });

  it('reports CSV syntax errors and an empty file', () => {
    expect(
      catchError(() => importContacts(fakeEnvironment(), { policy: customerPortal, csv: 'id\r\n"jane' }))
        .issues[0],
    ).toMatchObject({
      code: 'csv_syntax',
      line: 2,
    });
    expect(
      catchError(() => importContacts(fakeEnvironment(), { policy: customerPortal, csv: '' })).issues[0]
        ?.code,
    ).toBe('csv_empty');
  });
});

describe('importUsers', () => {
  const roles = [{ name: 'Salesperson', privileges: {} }];

  it('imports users with defaults for omitted columns', () => {
    const { imported } = importUsers(fakeEnvironment(), {
      csv: 'id,businessUnitId,securityRoles\nu1,A,Salesperson',
      roles,
    });
    expect(imported).toEqual([
      {
        kind: 'user',
        id: 'u1',
        businessUnitId: 'A',
        securityRoles: ['Salesperson'],
        teams: [],
        accessMode: 'read-write',
        enabled: true,
        licensed: false,
        userType: 'person',
      },
    ]);
  });

  it('reports unknown roles and units, bad enums and booleans, enabled stubs and an eighth non-interactive user', () => {
    const existing: LifecycleUser[] = Array.from({ length: 7 }, (_, i) => ({
      kind: 'user',
      id: `n${i}`,
      businessUnitId: 'A',
      securityRoles: [],
      accessMode: 'non-interactive',
      enabled: true,
      licensed: false,
      userType: 'person',
    }));
    const csv = [
      'id,businessUnitId,securityRoles,accessMode,userType,enabled,licensed',
      'u1,Z,Salesman,,,,',
      'u2,A,,writer,robot,yes,',
      'u3,A,,,stub,true,',
      'u4,A,,non-interactive,,,',
      'u5,A,,non-interactive,application,,',
    ].join('\n');
    const error = catchError(() =>
      importUsers(fakeEnvironment(), { csv, roles, businessUnits: ['A'], existing }),
    );
    expect(error.issues.map(({ line, column, code }) => `${line}:${column}:${code}`)).toEqual([
      '2:businessUnitId:unknown_business_unit',
      '2:securityRoles:unknown_security_role',
      '3:accessMode:invalid_accessMode',
      '3:userType:invalid_userType',
      '3:enabled:invalid_enabled',
      '4:enabled:stub_user',
      '5:accessMode:non_interactive_limit',
    ]);
  });

  it('refuses licensed rows that do not fit the pool, with the missing seat count', () => {
    const csv = 'id,businessUnitId,licensed\nu1,A,true\nu2,A,true\nu3,A,false';
    expect(() =>
      importUsers(fakeEnvironment(), {
        csv,
        licences: { seats: 2, users: [{ id: 'x', licensed: true }], invitations: [] },
      }),
    ).toThrow(expect.objectContaining({ code: 'licence_pool_exhausted', missing: 1 }));
  });
});

describe('an import never hands out an uncounted licence', () => {
  it('licensed rows without the licence state are refused, so an import cannot skip the seat pool', () => {
    const csv = 'id,businessUnitId,licensed\nu1,A,true\nu2,A,false';
    expect(() => importUsers(fakeEnvironment(), { csv })).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input', path: ['licences'] }),
    );
    expect(importUsers(fakeEnvironment(), { csv: 'id,businessUnitId\nu1,A' }).imported).toHaveLength(1);
  });
});

describe('stub users get the policy default role (seed 002)', () => {
  const environment = fakeEnvironment();
  const csv =
    'id,businessUnitId,securityRoles,userType,enabled\ns1,root,,stub,false\ns2,root,Global reader,stub,false\np1,root,,person,true';
  const rolesOf = (policy: Parameters<typeof importUsers>[1]['policy']) =>
    importUsers(environment, { csv, ...(policy === undefined ? {} : { policy }) }).imported.map((user) => [
      user.id,
      user.securityRoles,
    ]);

  it('a stub imported without roles gets the seed default the policy defines; named roles and people are kept', () => {
    expect(rolesOf(definePolicy(internalInput))).toEqual([
      ['s1', ['Salesperson']],
      ['s2', ['Global reader']],
      ['p1', []],
    ]);
  });

  it('the policy names the stub roles; an empty list gives none, and without a policy none is given', () => {
    const named = definePolicy({
      ...internalInput,
      internalUsers: { stubUserRoles: ['Basic reader', 'Local reader'] },
    });
    expect(rolesOf(named)[0]).toEqual(['s1', ['Basic reader', 'Local reader']]);
    expect(rolesOf(definePolicy({ ...internalInput, internalUsers: { stubUserRoles: [] } }))[0]).toEqual([
      's1',
      [],
    ]);
    expect(rolesOf(undefined)[0]).toEqual(['s1', []]);
  });

  it("roles in the file are checked against the policy's roles when no catalog is given", () => {
    expect(() =>
      importUsers(environment, {
        csv: 'id,businessUnitId,securityRoles\nu1,root,Global reeder',
        policy: definePolicy(internalInput),
      }),
    ).toThrow(/security role "Global reeder" is unknown \(did you mean "Global reader"\?\)/);
  });

  it('a plain object passed as the policy is refused, never read for defaults', () => {
    expect(() =>
      importUsers(environment, {
        csv,
        policy: { internalUsers: { stubUserRoles: ['Global reader'] } } as never,
      }),
    ).toThrow(expect.objectContaining({ code: 'undefined_policy' }));
  });
});
