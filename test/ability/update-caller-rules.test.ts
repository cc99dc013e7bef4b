import { describe, expect, it } from 'vitest';
import { abilityFor, canUpdate, definePolicy, type PortalRawRule, subject } from '../../src/index.js';

// Rules a caller gives an ability with `ability.update`: denies (CASL's `cannot`, which the library never
// emits) and rules carried over from another version of the policy. canUpdate reads them as CASL does, on both
// versions of the record.
function setup() {
  const policy = definePolicy({
    tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' } },
    webRoles: [{ name: 'Authorized user' }, { name: 'Administrator' }],
    tablePermissions: [
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read', 'write'],
        webRoles: ['Authorized user'],
      },
      {
        name: 'All orders',
        table: 'salesorder',
        scope: 'global',
        privileges: ['read', 'write'],
        webRoles: ['Administrator'],
      },
    ],
  });
  // Rules given before hers have a lower priority: CASL lets every grant given after a rule outrank it.
  const contact = (webRoles: string[], added: { readonly before?: object; readonly after?: object }) => {
    const ability = abilityFor(policy, {
      kind: 'contact',
      id: 'jane',
      accountId: 'X',
      legalEntity: 'usmf',
      webRoles,
    });
    const rules = ability.rules as unknown as PortalRawRule[];
    const { before, after } = added;
    return ability.update([...(before ? [before] : []), ...rules, ...(after ? [after] : [])] as never);
  };
  const mine = { id: 'SO-1', orderedBy: 'jane', customerAccount: 'X', company: 'usmf', status: 'draft' };
  return { contact, mine };
}

const eq = (field: string, value: string) => ({ operator: 'eq', field, value });

describe('canUpdate with denies added through ability.update (D55)', () => {
  it('a deny outranked by her grant never widens what a new version may be: she still cannot move her order into another company (D6)', () => {
    const { contact, mine } = setup();
    const jane = contact(['Authorized user'], {
      before: { action: 'write', subject: 'salesorder', inverted: true, conditions: eq('status', 'locked') },
    });
    const moved = { ...mine, customerAccount: 'Y', status: 'locked' };
    expect(jane.can('write', subject('salesorder', { ...moved }))).toBe(true);
    expect(
      canUpdate(
        jane,
        subject('salesorder', { ...mine }),
        subject('salesorder', { ...mine, status: 'submitted' }),
      ),
    ).toBe(true);
    expect(canUpdate(jane, subject('salesorder', { ...mine }), subject('salesorder', moved))).toBe(false);
  });

  it('a column deny tied to the record is checked on the new version too: an administrator cannot write the status of an order she moves to where that status is denied', () => {
    const { contact, mine } = setup();
    const admin = contact(['Administrator'], {
      after: {
        action: 'write',
        subject: 'salesorder',
        fields: ['status'],
        inverted: true,
        conditions: eq('customerAccount', 'Y'),
      },
    });
    const stored = () => subject('salesorder', { ...mine });
    expect(canUpdate(admin, stored(), subject('salesorder', { ...mine, status: 'submitted' }))).toBe(true);
    expect(canUpdate(admin, stored(), subject('salesorder', { ...mine, customerAccount: 'Y' }))).toBe(true);
    const movedWithStatus = subject('salesorder', { ...mine, customerAccount: 'Y', status: 'submitted' });
    expect(canUpdate(admin, stored(), movedWithStatus)).toBe(false);
    const backWithStatus = subject('salesorder', { ...mine, status: 'submitted' });
    expect(canUpdate(admin, subject('salesorder', { ...mine, customerAccount: 'Y' }), backWithStatus)).toBe(
      false,
    );
  });
});

describe('canUpdate with rules carried over from another version of the policy (D55)', () => {
  it('a grant naming a table permission the policy no longer has allows no new version, not even of her own order', () => {
    const input = (name: string) =>
      definePolicy({
        tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' } },
        webRoles: [{ name: 'Authorized user' }],
        tablePermissions: [
          {
            name,
            table: 'salesorder',
            scope: 'contact',
            privileges: ['write'],
            webRoles: ['Authorized user'],
          },
        ],
      });
    const jane = {
      kind: 'contact',
      id: 'jane',
      accountId: 'X',
      legalEntity: 'usmf',
      webRoles: ['Authorized user'],
    };
    const before = abilityFor(input('My orders'), jane as never);
    const after = abilityFor(input('Own orders'), jane as never);
    after.update(before.rules as never);
    const mine = { id: 'SO-1', orderedBy: 'jane', customerAccount: 'X', company: 'usmf', status: 'draft' };
    const edit = (record: typeof mine) =>
      canUpdate(
        after,
        subject('salesorder', { ...record }),
        subject('salesorder', { ...record, status: 'sent' }),
      );
    expect(after.can('write', subject('salesorder', { ...mine }))).toBe(true);
    expect(edit(mine)).toBe(false);
    expect(edit({ ...mine, orderedBy: 'sam' })).toBe(false);
    const current = abilityFor(input('Own orders'), jane as never);
    expect(
      canUpdate(
        current,
        subject('salesorder', { ...mine }),
        subject('salesorder', { ...mine, status: 'sent' }),
      ),
    ).toBe(true);
  });
});
