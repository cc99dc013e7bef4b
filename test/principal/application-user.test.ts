import { describe, expect, it } from 'vitest';
import { abilityFor, explain } from '../../src/index.js';
import { administrationPolicy, administrator } from '../fixtures/administration.js';
import { internalPolicy, salesOrder, staff } from '../fixtures/internal-users.js';

// SPEC 2.6 and seed 002: application users are server-to-server (S2S) identities; all their operations run
// through the API, never through an interactive session.
const application = staff(['Global reader'], { userType: 'application', licensed: false });

describe('application users act in API sessions only', () => {
  it('an application user reads through an API session', () => {
    expect(abilityFor(internalPolicy, application, { session: 'api' }).can('read', salesOrder('root'))).toBe(
      true,
    );
    expect(
      abilityFor(internalPolicy, { ...application, session: 'api' }).can('read', salesOrder('root')),
    ).toBe(true);
  });

  it('an interactive or undeclared session is refused, whatever the access mode, and explain says why', () => {
    for (const accessMode of [undefined, 'read-write', 'read'] as const) {
      const user = accessMode === undefined ? application : { ...application, accessMode };
      for (const options of [{}, { session: 'interactive' as const }]) {
        const ability = abilityFor(internalPolicy, user, options);
        expect(ability.denial?.code).toBe('interactive_session');
        expect(ability.can('read', salesOrder('root'))).toBe(false);
      }
    }
    expect(explain(abilityFor(internalPolicy, application), 'read', salesOrder('root')).message).toMatch(
      /application user is a server-to-server identity/,
    );
  });

  it('an application user administers nobody interactively', () => {
    const robot = administrator('robot', ['User administrator'], { userType: 'application' });
    expect(abilityFor(administrationPolicy, robot).can('resetPassword', 'user')).toBe(false);
    expect(abilityFor(administrationPolicy, robot, { session: 'api' }).can('resetPassword', 'user')).toBe(
      true,
    );
  });

  it('a person in an undeclared session still acts (only application and non-interactive users are API-only)', () => {
    expect(abilityFor(internalPolicy, staff(['Global reader'])).denial).toBeUndefined();
  });
});
