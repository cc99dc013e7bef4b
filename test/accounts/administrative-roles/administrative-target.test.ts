import { describe, expect, it } from 'vitest';
import { administrativeTarget } from '../../../src/accounts/index.js';
import { administrationPolicy as policy } from '../../fixtures/administration.js';

describe('administrativeTarget', () => {
  it('marks an account with no administrative role as no administrator, and one with a role as one', () => {
    expect(administrativeTarget(policy, { kind: 'user', id: 'eve' }).isAdministrator).toBe('no');
    expect(
      administrativeTarget(policy, { kind: 'user', id: 'eve', administrativeRoles: ['Helpdesk agent'] })
        .isAdministrator,
    ).toBe('yes');
  });

  it('an account without a known kind is refused on kind, saying which kinds there are and what it got', () => {
    const refusal = (target: unknown): unknown => {
      try {
        administrativeTarget(policy, target as never);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refusal({ id: 'x' })).toMatchObject({
      code: 'invalid_target',
      path: ['kind'],
      message: expect.stringMatching(
        /own "kind" is one of user, contact, got nothing; load the account with its kind/,
      ),
    });
    expect(refusal({ id: 'x', kind: 'robot' })).toMatchObject({
      message: expect.stringMatching(/got "robot"/),
    });
  });
});
