import type { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRA_ROLES } from '../../src/accounts/index.js';
import { definePolicy, type PolicyInput, type UserPrincipal } from '../../src/index.js';
import {
  arbitraryPrincipal,
  arbitraryUser,
  assertAgreesWithReference,
  neverCan,
  onlyNarrows,
  PolicyPropertyError,
} from '../../src/testing/index.js';
import { referenceUserCan } from '../../src/testing/reference-users.js';
import { internalInput } from '../fixtures/internal-users.js';
import { freshPglite } from '../fixtures/pglite.js';

/** The internal-users fixture, with the share tables SQL needs to list shared records. */
const withShareTables = {
  ...internalInput,
  tables: {
    ...internalInput.tables,
    salesorder: { ...internalInput.tables.salesorder, sql: { shares: { table: 'salesorder_share' } } },
    annotation: { ...internalInput.tables.annotation, sql: { shares: { table: 'annotation_share' } } },
  },
} satisfies PolicyInput;
const policy = definePolicy(withShareTables);
/** The fixture with a system administrator role, which Entra environment administrators hold (seed 002). */
const withAdministratorRole = {
  ...withShareTables,
  internalUsers: { systemAdministratorRole: 'Configurator' },
} satisfies PolicyInput;

describe('the kit with internal users', () => {
  // One PGlite and one SQLite database for the file: the kit drops and recreates its temporary tables on
  // every run, so the properties below share nothing through them, and a PGlite start is paid once.
  let pglite: PGlite;
  let sqlite: Database.Database;
  beforeAll(() => {
    pglite = freshPglite();
    sqlite = new Database(':memory:');
  });
  afterAll(async () => {
    sqlite.close();
    await pglite.close();
  });

  it('generates internal users, contacts and visitors for a policy that has security roles', () => {
    const kinds = new Set(fc.sample(arbitraryPrincipal(policy), 200).map((principal) => principal.kind));
    expect([...kinds].sort()).toEqual(['anonymous', 'contact', 'user']);
  });

  it('agrees with the reference in memory, in SQLite and in PGlite, shares included', {
    timeout: 90_000,
  }, async () => {
    const users = arbitraryUser(policy);
    await assertAgreesWithReference(policy, { runs: 200, principals: users });
    await assertAgreesWithReference(policy, { runs: 100, principals: users, db: sqlite });
    await assertAgreesWithReference(policy, { runs: 40, principals: users, db: pglite });
  });

  it('agrees with the reference with hierarchy security on, in memory, in SQLite and in PGlite', {
    timeout: 90_000,
  }, async () => {
    const managed = definePolicy({ ...withShareTables, hierarchy: { model: 'manager', depth: 2 } });
    const users = arbitraryUser(managed);
    expect(fc.sample(users, 50).some((user) => (user.reports?.direct ?? []).length > 0)).toBe(true);
    await assertAgreesWithReference(managed, { runs: 100, principals: users });
    await assertAgreesWithReference(managed, { runs: 40, principals: users, db: sqlite });
    await assertAgreesWithReference(managed, { runs: 15, principals: users, db: pglite });
  });

  it('agrees with the reference on unlicensed Entra administrators, who work in administrative mode', async () => {
    const administrators = arbitraryUser(withAdministratorRole).map(
      (user): UserPrincipal => ({
        ...user,
        licensed: false,
        entraRoles: [ENTRA_ROLES[user.id.length % ENTRA_ROLES.length]!],
      }),
    );
    await assertAgreesWithReference(withAdministratorRole, { runs: 150, principals: administrators });
    // Not vacuous: the reference lets such an administrator change settings and nothing else.
    const gina = {
      kind: 'user',
      id: 'gina',
      businessUnitId: 'sales',
      entraRoles: ['Global administrator'],
    } as const satisfies UserPrincipal;
    const setting = { id: 's1' };
    const order = { id: 'SO-1', ownerId: 'gina', owningBusinessUnitId: 'sales' };
    expect(referenceUserCan(withAdministratorRole, gina, 'write', 'setting', setting)).toBe(true);
    expect(referenceUserCan(withAdministratorRole, gina, 'read', 'salesorder', order)).toBe(false);
    expect(
      referenceUserCan(withAdministratorRole, { ...gina, licensed: true }, 'read', 'salesorder', order),
    ).toBe(true);
  });

  it('holds a Basic reader to their own orders and their shares, and finds a role that reaches further', () => {
    const basicReaders = arbitraryUser(policy, { securityRoles: ['Basic reader'] });
    const notTheirs = (order: Readonly<Record<string, unknown>>, user: UserPrincipal) =>
      order.ownerId !== user.id &&
      !(
        Array.isArray(order.sharedWith) &&
        order.sharedWith.some(
          (share: { principal?: unknown }) =>
            share?.principal === user.id || user.teams?.includes(share?.principal as string),
        )
      );
    neverCan(
      policy,
      basicReaders.filter((user) => (user.teams ?? []).length === 0),
      'read',
      'salesorder',
      notTheirs,
    );

    const localReaders = arbitraryUser(policy, { securityRoles: ['Local reader'] });
    expect(() => neverCan(policy, localReaders, 'read', 'salesorder', notTheirs, { seed: 1 })).toThrow(
      PolicyPropertyError,
    );
  });

  it('onlyNarrows notices a security role raised from user to business-unit level', () => {
    const raised = {
      ...withShareTables,
      securityRoles: withShareTables.securityRoles.map((role) =>
        role.name === 'Basic reader'
          ? { ...role, privileges: { salesorder: { read: 'businessUnit' as const } } }
          : role,
      ),
    };
    let error: unknown;
    try {
      onlyNarrows(policy, raised, { seed: 1, runs: 1000 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyPropertyError);
    expect((error as PolicyPropertyError).counterexample?.explanation).toMatch(/^after: user "[^"]+" can/);
  });
});
