import { describe, expect, it } from 'vitest';
import {
  type AccessMode,
  administrationBy,
  type LifecycleUser,
  MAX_NON_INTERACTIVE_USERS,
} from '../../../src/accounts/index.js';
import { abilityFor, definePolicy, type PolicyInput } from '../../../src/index.js';
import { administrationInput, administrator, contacts } from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';
import { lifecycleUser } from '../../fixtures/lifecycle-user.js';
import { refusalOf } from '../../fixtures/refusal.js';

// An editor of users who may not give licences, beside the fixture's roles.
const policy = definePolicy({
  ...administrationInput,
  administrativeRoles: [
    ...administrationInput.administrativeRoles,
    {
      name: 'User editor',
      operations: ['updateUser'],
      targets: { kinds: ['user'], nonAdministrators: true },
    },
  ],
} as PolicyInput);

const by = (id: string, roles: readonly string[], businessUnitId = 'root') =>
  administrationBy(abilityFor(policy, administrator(id, roles, { businessUnitId })), fakeEnvironment());

const user = (id: string, extra: Partial<LifecycleUser> = {}): LifecycleUser =>
  lifecycleUser(id, { securityRoles: ['Basic reader'], licensed: false, ...extra });

const modeOf = (users: readonly LifecycleUser[], id: string) => users.find((u) => u.id === id)?.accessMode;

describe('changing an access mode through an administrator', () => {
  it('an administrator who may update users but not give licences cannot free an unlicensed person from the licence', () => {
    const editor = by('ed', ['User editor']);
    for (const mode of ['non-interactive', 'administrative'] as const) {
      expect(refusalOf(() => editor.changeAccessMode([user('eve')], 'eve', mode))).toMatchObject({
        code: 'operation_not_allowed',
        operation: 'assignLicense',
      });
    }
  });

  it('the same administrator moves an unlicensed person to read, and a licensed user to any mode', () => {
    const editor = by('ed', ['User editor']);
    expect(modeOf(editor.changeAccessMode([user('eve')], 'eve', 'read').users, 'eve')).toBe('read');
    const modes: readonly AccessMode[] = ['non-interactive', 'administrative', 'read', 'read-write'];
    for (const mode of modes) {
      const { users, event } = editor.changeAccessMode([user('lee', { licensed: true })], 'lee', mode);
      expect(modeOf(users, 'lee')).toBe(mode);
      expect(event).toMatchObject({ type: 'user.accessModeChanged', actorId: 'ed', subjectId: 'lee' });
    }
  });

  it('an application user needs no licence in any mode, so its change takes only updateUser', () => {
    const app = user('app', { userType: 'application' });
    expect(
      modeOf(by('ed', ['User editor']).changeAccessMode([app], 'app', 'non-interactive').users, 'app'),
    ).toBe('non-interactive');
  });

  it('an administrator who may also give licences makes an unlicensed person non-interactive', () => {
    const sid = by('sid', ['Sales user administrator'], 'sales');
    const { users, event } = sid.changeAccessMode([user('eve'), user('other')], 'eve', 'non-interactive');
    expect(users.map((u) => u.accessMode)).toEqual(['non-interactive', 'read-write']);
    expect(event).toMatchObject({ actorId: 'sid', details: { accessMode: 'non-interactive' } });
  });

  it("a user outside the administrator's business units keeps their mode", () => {
    const sid = by('sid', ['Sales user administrator'], 'sales');
    expect(
      refusalOf(() =>
        sid.changeAccessMode([user('nora', { businessUnitId: 'north', licensed: true })], 'nora', 'read'),
      ),
    ).toMatchObject({ code: 'operation_not_allowed', operation: 'updateUser' });
  });

  it('a list that repeats the user id is authorized for every copy it would change', () => {
    const sid = by('sid', ['Sales user administrator'], 'sales');
    const twins = [user('eve', { licensed: true }), user('eve', { licensed: true, businessUnitId: 'north' })];
    expect(refusalOf(() => sid.changeAccessMode(twins, 'eve', 'read'))).toMatchObject({
      code: 'operation_not_allowed',
    });
  });

  it('an unknown user or mode is refused as such before any permission is asked', () => {
    const visitor = administrationBy(abilityFor(policy, { kind: 'anonymous' }), fakeEnvironment());
    expect(refusalOf(() => visitor.changeAccessMode([user('eve')], 'ghost', 'read'))).toMatchObject({
      issues: [{ code: 'unknown_user', path: ['userId'] }],
    });
    expect(
      refusalOf(() => visitor.changeAccessMode([user('eve')], 'eve', 'superuser' as AccessMode)),
    ).toMatchObject({ issues: [{ code: 'unknown_access_mode', path: ['accessMode'] }] });
  });

  it('a contact has no access mode to change', () => {
    const gina = by('gina', ['Global administrator']);
    const jane = { ...contacts.jane, ...user('jane'), kind: 'contact' } as unknown as LifecycleUser;
    expect(refusalOf(() => gina.changeAccessMode([jane], 'jane', 'read'))).toMatchObject({
      issues: [{ code: 'wrong_account_kind' }],
    });
  });

  it('the non-interactive limit holds through an administrator', () => {
    const gina = by('gina', ['Global administrator']);
    const full = Array.from({ length: MAX_NON_INTERACTIVE_USERS }, (_, i) =>
      user(`n${i}`, { accessMode: 'non-interactive' }),
    );
    expect(
      refusalOf(() => gina.changeAccessMode([...full, user('eve')], 'eve', 'non-interactive')),
    ).toMatchObject({
      code: 'non_interactive_limit',
    });
  });
});
