import { describe, expect, it } from 'vitest';
import { dormantGrants } from '../../src/explain/dormant-grants.js';
import { abilityFor, type Principal } from '../../src/index.js';
import { customerPortal, people } from '../fixtures/customer-portal.js';

const { accountId: _, ...withoutAccount } = people.rep;
const dormant = (principal: Principal, action = 'read', table = 'salesorder') =>
  dormantGrants(abilityFor(customerPortal, principal), action, table);

describe('grants held that cover nothing for the principal', () => {
  it('names the permission a held role grants but the principal lacks the value for', () => {
    expect(dormant(withoutAccount as Principal)).toEqual([
      {
        tablePermission: 'Company orders',
        scope: 'account',
        webRoles: ['Customer representative'],
        missing: 'an account number',
      },
    ]);
  });

  it('names nothing for an action the permission does not grant, another table, or a principal who lacks nothing', () => {
    expect(dormant(withoutAccount as Principal, 'delete')).toEqual([]);
    expect(dormant(withoutAccount as Principal, 'read', 'terms')).toEqual([]);
    expect(dormant(people.rep)).toEqual([]);
  });

  it('names nothing for a gated contact: a gate, not a missing value, is why they see nothing', () => {
    expect(dormant({ ...withoutAccount, state: 'blocked' } as Principal)).toEqual([]);
    expect(dormant({ ...withoutAccount, mustChangePassword: true } as Principal)).toEqual([]);
  });
});
