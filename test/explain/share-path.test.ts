import { describe, expect, it } from 'vitest';
import type { RecordShareProvenance } from '../../src/base/rule.js';
import { sharePathOf } from '../../src/explain/share-path.js';
import { abilityFor, definePolicy, explain, subject } from '../../src/index.js';
import { account, line, member, order, sharingInput, sharingPolicy } from '../fixtures/sharing.js';

const ulla = (extra: Parameters<typeof member>[2] = {}) =>
  abilityFor(sharingPolicy, member('ulla', ['Basic user'], { businessUnitId: 'service', ...extra }));

describe('explaining shares', () => {
  it('a share of the record itself names the user it is shared with', () => {
    const record = account('A1', [{ principal: 'ulla', privileges: ['read'] }]);
    const why = explain(ulla(), 'read', subject('account', record));
    expect(why.message).toBe(
      'user "ulla" can read account "A1": shared with user "ulla" for read via security role "Basic user"',
    );
    expect(why.allowed && why.grants[0]?.sharePath).toEqual({
      grantee: { kind: 'user', id: 'ulla' },
      through: [],
    });
  });

  it('a cascaded share names the team and the related rows it came through', () => {
    const contoso = account('Contoso', [{ principal: 'key-accounts', privileges: ['read'] }]);
    const why = explain(
      ulla({ teams: ['key-accounts'] }),
      'read',
      subject('orderline', line('L1', order('O1', contoso))),
    );
    expect(why.message).toBe(
      'user "ulla" can read orderline "L1": shared with team "Key accounts" for read through salesorder "O1" → account "Contoso" via security role "Basic user"',
    );
    expect(why.allowed && why.grants[0]?.sharePath).toEqual({
      grantee: { kind: 'team', id: 'key-accounts', name: 'Key accounts' },
      through: [
        { table: 'salesorder', key: 'O1' },
        { table: 'account', key: 'Contoso' },
      ],
    });
  });

  it("a share to the default team says whose unit's team it is", () => {
    const contoso = account('Contoso', [{ principal: 'sales-default', privileges: ['read'] }]);
    const why = explain(
      abilityFor(sharingPolicy, member('ulla', ['Basic user'])),
      'read',
      subject('salesorder', order('O1', contoso)),
    );
    expect(why.message).toBe(
      'user "ulla" can read salesorder "O1": shared with team "Sales" (default team of business unit "sales") for read through account "Contoso" via security role "Basic user"',
    );
  });

  it('a denial names the cascade the record failed and what its parent lacks', () => {
    const why = explain(ulla(), 'read', subject('salesorder', order('O1', account('Contoso'))));
    expect(why.allowed).toBe(false);
    expect(why.message).toContain(
      'a share of the related account for read, cascading through accountId requires the related account row (accountId = "Contoso") to be covered: requires a share with ("ulla") for read, the account row has none',
    );
  });

  it('finds the share path from own fields only, and none when a step, the list or a matching share is missing', () => {
    const provenance = (through?: RecordShareProvenance['through']): RecordShareProvenance => ({
      kind: 'recordShare',
      privilege: 'read',
      grantees: ['ulla', 'key-accounts', 'sales-default'],
      securityRole: 'Basic user',
      ...(through === undefined ? {} : { through }),
    });
    const toAccount = provenance([{ table: 'account', field: 'accountId', key: 'id' }]);
    const path = (table: string, record: unknown, given = provenance()) =>
      sharePathOf(sharingPolicy, table, given, record);
    const shared = (principal: unknown, privileges: unknown) => [{ principal, privileges }];
    expect(path('account', { id: 'A', sharedWith: shared('ulla', ['write', 'read']) })).toEqual({
      grantee: { kind: 'user', id: 'ulla' },
      through: [],
    });
    expect(path('account', { id: 'A', sharedWith: shared('ulla', ['write']) })).toBeUndefined();
    expect(path('account', { id: 'A', sharedWith: shared('ulla', 'read') })).toBeUndefined();
    expect(path('account', { id: 'A', sharedWith: shared(['ulla'], ['read']) })).toBeUndefined();
    expect(path('account', { id: 'A', sharedWith: 'ulla' })).toBeUndefined();
    expect(path('account', Object.create({ sharedWith: shared('ulla', ['read']) }))).toBeUndefined();
    expect(path('orderline', { sharedWith: shared('ulla', ['read']) })).toBeUndefined();
    expect(path('constructor', { sharedWith: shared('ulla', ['read']) })).toBeUndefined();
    expect(
      path('salesorder', { account: { id: 7, sharedWith: shared('ulla', ['read']) } }, toAccount),
    ).toBeUndefined();
    expect(
      path('salesorder', { account: { id: 'A', sharedWith: shared('stranger', ['read']) } }, toAccount),
    ).toBeUndefined();
    expect(
      path('salesorder', { account: { id: 'A', sharedWith: shared('sales-default', ['read']) } }, toAccount),
    ).toEqual({
      grantee: { kind: 'team', id: 'sales-default', name: 'Sales', defaultTeamOf: 'sales' },
      through: [{ table: 'account', key: 'A' }],
    });
  });

  it('a team the policy does not name, or names without a display name, is shown by its id', () => {
    const unnamed = definePolicy({
      ...sharingInput,
      teams: [{ id: 'crew', businessUnitId: 'root', type: 'access' }],
    });
    const given: RecordShareProvenance = {
      kind: 'recordShare',
      privilege: 'read',
      grantees: ['ulla', 'crew', 'ghost'],
      securityRole: 'Basic user',
    };
    expect(
      sharePathOf(unnamed, 'account', given, { sharedWith: [{ principal: 'crew', privileges: ['read'] }] }),
    ).toEqual({
      grantee: { kind: 'team', id: 'crew' },
      through: [],
    });
    expect(
      sharePathOf(unnamed, 'account', given, { sharedWith: [{ principal: 'ghost', privileges: ['read'] }] }),
    ).toEqual({
      grantee: { kind: 'team', id: 'ghost' },
      through: [],
    });
  });
});
