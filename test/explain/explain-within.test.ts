import { describe, expect, it } from 'vitest';
import { abilityFor, explain, subject } from '../../src/index.js';
import { boundedFollowers, followers } from '../fixtures/bounded-followers.js';

const sam = abilityFor(boundedFollowers, followers.sam);
const order = (fields: Record<string, unknown>) =>
  subject('order', { id: 'O1', customerAccount: 'A', company: 'usmf', followerIds: ['sam'], ...fields });

describe('explaining a contact scope bounded within the account', () => {
  it('an allowed read names the bound and the relationship', () => {
    const why = explain(sam, 'read', order({}));
    expect(why.allowed).toBe(true);
    expect(why.message).toContain(
      'table permission "Orders I follow" (contact scope within the contact\'s account) via web role "Follower" (through followers)',
    );
  });

  it("a follower of another company's order is told the bound is what fails, not the link", () => {
    const why = explain(sam, 'read', order({ customerAccount: 'B' }));
    expect(why.message).toBe(
      'contact "sam" cannot read order "O1": table permission "Orders I follow" (contact scope within the contact\'s account) requires customerAccount = "A", the record has "B"',
    );
  });

  it('a record neither linked nor in the company names both failures', () => {
    const why = explain(sam, 'read', order({ customerAccount: null, followerIds: [] }));
    expect(why.message).toContain(
      'requires a link to "sam" through followers, the record\'s followerIds does not list it and requires customerAccount = "A", the record\'s customerAccount is null',
    );
  });

  it('a bound within the legal entity is named as such', () => {
    const why = explain(sam, 'read', subject('invoice', { id: 'I1', company: 'demf', watcherIds: ['sam'] }));
    expect(why.message).toBe(
      'contact "sam" cannot read invoice "I1": table permission "Invoices I watch" (contact scope within the contact\'s legal entity) requires company = "usmf", the record has "demf"',
    );
  });

  it('a contact without an account is told the bounded grant needs one', () => {
    const why = explain(
      abilityFor(boundedFollowers, { ...followers.sam, accountId: undefined }),
      'read',
      order({}),
    );
    expect(why.message).toContain(
      'table permission "Orders I follow" (contact scope) covers no rows for them: it needs an account number (its contact scope is bounded within their account)',
    );
  });
});
