import { describe, expect, it } from 'vitest';
import {
  type AccessMode,
  changeAccessMode,
  type LifecycleUser,
  MAX_NON_INTERACTIVE_USERS,
} from '../../src/accounts/index.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';
import { lifecycleUser } from '../fixtures/lifecycle-user.js';

const user = (id: string, extra: Partial<LifecycleUser> = {}): LifecycleUser =>
  lifecycleUser(id, { businessUnitId: 'A', securityRoles: ['Salesperson'], licensed: false, ...extra });

describe('the non-interactive user limit', () => {
  const seven = Array.from({ length: MAX_NON_INTERACTIVE_USERS }, (_, i) =>
    user(`n${i}`, { accessMode: 'non-interactive' }),
  );

  it('allows the seventh non-interactive user and refuses the eighth', () => {
    const environment = fakeEnvironment();
    const six = [...seven.slice(1), user('p')];
    expect(
      changeAccessMode(environment, six, 'p', 'non-interactive').users.filter(
        (u) => u.accessMode === 'non-interactive',
      ),
    ).toHaveLength(7);
    expect(() => changeAccessMode(environment, [...seven, user('p')], 'p', 'non-interactive')).toThrow(
      expect.objectContaining({ code: 'non_interactive_limit' }),
    );
  });

  it('does not count application users, and purged users free their place', () => {
    const environment = fakeEnvironment();
    const apps = [
      ...seven.slice(1),
      user('app', { accessMode: 'non-interactive', userType: 'application' }),
      user('p'),
    ];
    expect(() => changeAccessMode(environment, apps, 'p', 'non-interactive')).not.toThrow();
    const purged = [...seven.slice(1), { ...seven[0]!, state: 'purged' as const }, user('p')];
    expect(() => changeAccessMode(environment, purged, 'p', 'non-interactive')).not.toThrow();
  });

  it('refuses an unknown user', () => {
    expect(() => changeAccessMode(fakeEnvironment(), [], 'p', 'read')).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input' }),
    );
  });
});

describe('changeAccessMode refuses what is not an access mode', () => {
  it('an unknown access mode is refused rather than stored, so it never escapes the non-interactive limit', () => {
    const environment = fakeEnvironment();
    const user = {
      kind: 'user' as const,
      id: 'u1',
      businessUnitId: 'A',
      securityRoles: [],
      accessMode: 'read-write' as const,
      enabled: true,
      licensed: true,
      userType: 'person' as const,
    };
    expect(() => changeAccessMode(environment, [user], 'u1', 'Non-Interactive' as never)).toThrow(
      expect.objectContaining({ code: 'invalid_lifecycle_input', path: ['accessMode'] }),
    );
  });

  it('moves a user to each access mode and records the change', () => {
    const modes: readonly AccessMode[] = ['read', 'administrative', 'non-interactive', 'read-write'];
    for (const accessMode of modes) {
      const { users, event } = changeAccessMode(
        fakeEnvironment(),
        [user('p'), user('q')],
        'p',
        accessMode,
        'admin',
      );
      expect(users.map((u) => u.accessMode)).toEqual([accessMode, 'read-write']);
      expect(event).toMatchObject({ type: 'user.accessModeChanged', subjectId: 'p', actorId: 'admin' });
    }
  });
});
