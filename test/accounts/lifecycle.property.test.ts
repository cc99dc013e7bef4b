import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignLicences,
  blockSignIn,
  changePassword,
  createInvitation,
  DAY_MS,
  type Deletion,
  deleteAccount,
  disableAccount,
  enableAccount,
  type Invitation,
  isLifecycleRefusal,
  type LicenceHolder,
  purgeAccount,
  RESTORE_WINDOW_MS,
  redeemInvitation,
  removeLicences,
  resetPassword,
  restoreAccount,
  seatsInUse,
  unblockSignIn,
} from '../../src/accounts/index.js';
import { type AccountState, abilityFor, type ContactPrincipal, subject } from '../../src/index.js';
import { customerPortal, orders } from '../fixtures/customer-portal.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const CONTACT_IDS = ['jane', 'sam', 'rita', 'may', 'newbie'] as const;
const USER_IDS = ['u1', 'u2', 'u3', 'u4'] as const;
const SEATS = 3;
const ROLES = ['Authorized user', 'Customer representative', 'Unauthorized user'] as const;

/** The real system: everything the host would store. */
interface Real {
  environment: ReturnType<typeof fakeEnvironment>;
  contacts: Map<string, ContactPrincipal>;
  deletions: Map<string, Deletion>;
  users: LicenceHolder[];
  invitations: { invitation: Invitation; code: string }[];
}

/** The model: what each contact's state and roles must be, computed without the library. */
interface Model {
  now: number;
  contacts: Map<
    string,
    {
      state: AccountState;
      mustChange: boolean;
      roles: Set<string>;
      deletedAt?: number;
      before?: AccountState;
    }
  >;
  invitations: { roles: string[]; invited: string[]; expiresAt: number; max: number; redeemed: string[] }[];
}

const records = [
  ...Object.values(orders).map((order) => subject('salesorder', { ...order })),
  subject('terms', { id: 't1' }),
  ...CONTACT_IDS.map((id) => subject('contact', { id })),
];

/** Runs a transition; a refusal must change nothing, so it reports `false` and keeps the state. */
async function attempt(run: () => Promise<void> | void): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (!isLifecycleRefusal(error)) throw error;
    return false;
  }
}

function checkInvariants(model: Model, real: Real): void {
  const now = real.environment.now() as number;
  expect(
    seatsInUse(
      { seats: SEATS, users: real.users, invitations: real.invitations.map((entry) => entry.invitation) },
      now,
    ),
  ).toBeLessThanOrEqual(SEATS);
  for (const [id, expected] of model.contacts) {
    const contact = real.contacts.get(id)!;
    expect(contact.state ?? 'active').toBe(expected.state);
    const ability = abilityFor(customerPortal, contact);
    const entitled = abilityFor(customerPortal, {
      kind: 'contact',
      id,
      accountId: contact.accountId ?? null,
      legalEntity: contact.legalEntity ?? null,
      webRoles: [...expected.roles],
    });
    for (const record of records) {
      for (const action of ['read', 'write', 'create', 'delete'] as const) {
        if (!ability.can(action, record)) continue;
        // Whatever is allowed must be allowed by the roles the contact legitimately holds…
        expect(expected.state).toBe('active');
        if (expected.mustChange) expect(record).toMatchObject({ __caslSubjectType__: 'contact', id });
        else expect(entitled.can(action, record)).toBe(true);
      }
    }
  }
}

type Command = fc.AsyncCommand<Model, Real>;
const command = (label: string, run: (model: Model, real: Real) => Promise<void>): Command => ({
  check: () => true,
  run: async (model, real) => {
    await run(model, real);
    checkInvariants(model, real);
  },
  toString: () => label,
});

type StateChange =
  | 'block'
  | 'unblock'
  | 'disable'
  | 'enable'
  | 'delete'
  | 'restore'
  | 'purge'
  | 'reset'
  | 'change';
const ALLOWED: Record<StateChange, readonly AccountState[]> = {
  block: ['active'],
  unblock: ['blocked'],
  disable: ['active', 'blocked'],
  enable: ['disabled'],
  delete: ['active', 'blocked', 'disabled'],
  restore: ['deleted'],
  purge: ['deleted'],
  reset: ['active', 'blocked', 'disabled'],
  change: ['active'],
};

function stateChange(kind: StateChange, id: string): Command {
  return command(`${kind}(${id})`, async (model, real) => {
    const env = real.environment;
    const expected = model.contacts.get(id)!;
    const contact = real.contacts.get(id)!;
    let accepted = ALLOWED[kind].includes(expected.state);
    if (kind === 'restore' && accepted) accepted = model.now < expected.deletedAt! + RESTORE_WINDOW_MS;
    const done = await attempt(() => {
      const apply: Record<StateChange, () => ContactPrincipal> = {
        block: () => blockSignIn(env, contact).account,
        unblock: () => unblockSignIn(env, contact).account,
        disable: () => disableAccount(env, contact).account,
        enable: () => enableAccount(env, contact).account,
        delete: () => {
          const result = deleteAccount(env, contact);
          real.deletions.set(id, result.deletion);
          return result.account;
        },
        restore: () => restoreAccount(env, contact, real.deletions.get(id)!).account,
        purge: () => purgeAccount(env, contact).account,
        reset: () => resetPassword(env, contact).account,
        change: () => changePassword(env, contact).account,
      };
      real.contacts.set(id, apply[kind]());
    });
    expect(done).toBe(accepted);
    if (!accepted) return;
    const next = {
      block: 'blocked',
      unblock: 'active',
      disable: 'disabled',
      enable: 'active',
      delete: 'deleted',
      purge: 'purged',
    } as const;
    if (kind === 'delete') Object.assign(expected, { before: expected.state, deletedAt: model.now });
    if (kind === 'restore') expected.state = expected.before!;
    else if (kind === 'reset' || kind === 'change') expected.mustChange = kind === 'reset';
    else expected.state = next[kind];
  });
}

const invite = (ids: string[], role: string, holdsSeat: boolean): Command =>
  command(`invite(${ids}, ${role}, seat=${holdsSeat})`, async (model, real) => {
    const licences = {
      seats: SEATS,
      users: real.users,
      invitations: real.invitations.map((entry) => entry.invitation),
    };
    const contacts = ids.map((id) => real.contacts.get(id)!);
    const ok = await attempt(async () => {
      const created = await createInvitation(real.environment, {
        policy: customerPortal,
        type: ids.length > 1 ? 'group' : 'single',
        contacts,
        assignWebRoles: [role],
        holdsSeat,
        licences,
      });
      real.invitations.push({ invitation: created.invitation, code: created.code });
      model.invitations.push({
        roles: [role],
        invited: ids,
        expiresAt: model.now + 14 * DAY_MS,
        max: ids.length,
        redeemed: [],
      });
    });
    const invitable = ids.every((id) => !['deleted', 'purged'].includes(model.contacts.get(id)!.state));
    if (!holdsSeat) expect(ok).toBe(invitable);
  });

const redeem = (pick: number, who: number, stranger: boolean, wrongCode: boolean): Command =>
  command(`redeem(#${pick}, ${who}, stranger=${stranger}, wrong=${wrongCode})`, async (model, real) => {
    if (real.invitations.length === 0) return;
    const index = pick % real.invitations.length;
    const entry = real.invitations[index]!;
    const expected = model.invitations[index]!;
    // Mostly an invited contact, so that redemptions (and second attempts) really happen.
    const id = stranger
      ? CONTACT_IDS[who % CONTACT_IDS.length]!
      : expected.invited[who % expected.invited.length]!;
    const state = model.contacts.get(id)!;
    const accepted =
      !wrongCode &&
      model.now < expected.expiresAt &&
      !expected.redeemed.includes(id) &&
      expected.redeemed.length < expected.max &&
      expected.invited.includes(id) &&
      state.state === 'active';
    const ok = await attempt(async () => {
      const result = await redeemInvitation(real.environment, {
        policy: customerPortal,
        invitation: entry.invitation,
        code: wrongCode ? `${entry.code}x` : entry.code,
        contact: real.contacts.get(id)!,
      });
      real.contacts.set(id, result.contact);
      entry.invitation = result.invitation;
    });
    expect(ok).toBe(accepted);
    if (!ok) return;
    expected.redeemed.push(id);
    for (const role of expected.roles) state.roles.add(role);
  });

const licence = (id: string, assign: boolean): Command =>
  command(`${assign ? 'assign' : 'remove'}Licence(${id})`, async (_model, real) => {
    const state = {
      seats: SEATS,
      users: real.users,
      invitations: real.invitations.map((entry) => entry.invitation),
    };
    await attempt(() => {
      real.users = [...(assign ? assignLicences : removeLicences)(real.environment, state, [id]).users];
    });
  });

const advance = (ms: number): Command =>
  command(`advance(${ms})`, async (model, real) => {
    real.environment.advance(ms);
    model.now += ms;
  });

const contactId = fc.constantFrom(...CONTACT_IDS);
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((value) => value === 1);
const redemptions = fc
  .tuple(fc.nat(), fc.nat(), oneIn(4), oneIn(6))
  .map(([pick, who, stranger, wrong]) => redeem(pick, who, stranger, wrong));
// Redemption listed twice: it is the transition with the most refusals to reach.
const commands = [
  redemptions,
  fc
    .tuple(fc.constantFrom<StateChange>(...(Object.keys(ALLOWED) as StateChange[])), contactId)
    .map(([kind, id]) => stateChange(kind, id)),
  fc
    .tuple(fc.uniqueArray(contactId, { minLength: 1, maxLength: 2 }), fc.constantFrom(...ROLES), fc.boolean())
    .map(([ids, role, seat]) => invite(ids, role, seat)),
  fc
    .tuple(fc.nat(), fc.nat(), oneIn(4), oneIn(6))
    .map(([pick, who, stranger, wrong]) => redeem(pick, who, stranger, wrong)),
  fc.tuple(fc.constantFrom(...USER_IDS), fc.boolean()).map(([id, assign]) => licence(id, assign)),
  fc.constantFrom(1, DAY_MS, 14 * DAY_MS - 1, 14 * DAY_MS, 30 * DAY_MS - 1, RESTORE_WINDOW_MS).map(advance),
];

function initial(): { model: Model; real: Real } {
  const environment = fakeEnvironment();
  const contacts = new Map<string, ContactPrincipal>(
    CONTACT_IDS.map((id) => [
      id,
      {
        kind: 'contact',
        id,
        accountId: id === 'may' ? 'Y' : 'X',
        legalEntity: 'usmf',
        webRoles: id === 'rita' ? ['Customer representative'] : [],
      },
    ]),
  );
  const model: Model = {
    now: environment.now() as number,
    contacts: new Map(
      CONTACT_IDS.map((id) => [
        id,
        { state: 'active' as AccountState, mustChange: false, roles: new Set(contacts.get(id)!.webRoles) },
      ]),
    ),
    invitations: [],
  };
  const users = USER_IDS.map((id, index) => ({ id, licensed: index < 2 }));
  return { model, real: { environment, contacts, deletions: new Map(), users, invitations: [] } };
}

describe('lifecycle model', () => {
  it('no sequence of operations uses more seats than the pool or leaves a contact with access it should not have', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (sequence) => {
        const { model, real } = initial();
        await fc.asyncModelRun(() => ({ model, real }), sequence);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
