import fc from 'fast-check';
import type { NameArgument } from '../ability/portal-subject.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike, WebRoleOf } from '../policy/policy-types.js';
import type { PolicyInput } from '../policy/schema.js';
import type { AnonymousPrincipal } from '../principal/anonymous.js';
import type { ContactPrincipal } from '../principal/contact.js';
import type { Principal } from '../principal/principal.js';
import { arbitraryUser, hasInternalUsers } from './arbitrary-user.js';
import { documentOf, type PolicyUnderTest } from './policy-under-test.js';
import { VALUE_POOLS } from './value-pools.js';

/*
 * Principals that fit a given policy: the roles they hold are the policy's, and their ids and accounts come
 * from the pools records draw from (value-pools.ts), so that scopes match as often as they miss.
 */

/** How contacts are generated; `TWebRole` are the role names accepted (every string by default). */
export interface ContactArbitraryOptions<TWebRole extends string = string> {
  /** The web roles contacts draw from (any subset, sometimes repeated); every assignable role by default. */
  readonly webRoles?: readonly TWebRole[];
}

const MISSING = Symbol('missing');

const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 });

// Gates deny everything: common enough to be tried in every run, rare enough to leave grants to test.
const rarely = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: rare, weight: 1 });

const orMissing = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | typeof MISSING> =>
  fc.oneof({ arbitrary: value, weight: 8 }, { arbitrary: fc.constant(MISSING), weight: 1 });

/** The web roles a policy lets a contact hold: every role but the Anonymous users role. */
export function assignableRoles(policy: PolicyInput): string[] {
  return (policy.webRoles ?? []).filter((role) => !role.anonymousUsers).map((role) => role.name);
}

/** A visitor who is not signed in. */
export function arbitraryVisitor(): fc.Arbitrary<AnonymousPrincipal> {
  return fc.constant({ kind: 'anonymous' } as const);
}

/**
 * Contacts that fit a policy: ids, accounts and legal entities from `VALUE_POOLS` (so records match),
 * sometimes null, empty or missing; any subset of the assignable roles (or of `options.webRoles`), sometimes
 * repeated, held directly or through the account (`accountWebRoles`); now and then a non-active account state, a pending password change or a self-registration.
 * For a policy from `definePolicy`, a role written literally in `options` must be one it declares.
 *
 * @example
 * const representatives = arbitraryContact(policy, { webRoles: ['Customer representative'] });
 */
export function arbitraryContact<
  TTypes extends PolicyTypesLike = PolicyTypes,
  TWebRole extends string = string,
>(
  policyUnderTest: Policy<TTypes> | PolicyUnderTest,
  options: ContactArbitraryOptions<NameArgument<TWebRole, WebRoleOf<TTypes>>> = {},
): fc.Arbitrary<ContactPrincipal> {
  const policy = documentOf(policyUnderTest);
  const roles = [...(options.webRoles ?? assignableRoles(policy))];
  const absent = fc.constantFrom(null, '');
  return fc
    .record({
      id: fc.constantFrom(...VALUE_POOLS.contactIds),
      accountId: orMissing(mostly(fc.constantFrom(...VALUE_POOLS.accountIds), absent)),
      legalEntity: orMissing(mostly(fc.constantFrom(...VALUE_POOLS.legalEntities), absent)),
      // Mostly at least one role: a contact without roles is denied everything, which proves little.
      webRoles: orMissing(
        roles.length === 0
          ? fc.constant<string[]>([])
          : mostly(
              fc.array(fc.constantFrom(...roles), { minLength: 1, maxLength: 4 }),
              fc.constant<string[]>([]),
            ),
      ),
      state: orMissing(
        rarely(fc.constant('active' as const), fc.constantFrom('blocked', 'disabled', 'deleted', 'purged')),
      ),
      mustChangePassword: orMissing(rarely(fc.constant(false), fc.constant(true))),
      registeredVia: orMissing(
        rarely(
          fc.constantFrom('invitation' as const, 'administrator' as const),
          fc.constant('openRegistration' as const),
        ),
      ),
      accountWebRoles: orMissing(
        roles.length === 0
          ? fc.constant<string[]>([])
          : fc.array(fc.constantFrom(...roles), { maxLength: 2 }),
      ),
    })
    .map((fields) => {
      const contact: Record<string, unknown> = { kind: 'contact' };
      for (const [name, value] of Object.entries(fields)) if (value !== MISSING) contact[name] = value;
      return contact as ContactPrincipal;
    });
}

/** Contacts and visitors that fit a policy (see `arbitraryContact`). */
export function arbitraryPortalPrincipal(policyUnderTest: PolicyUnderTest): fc.Arbitrary<Principal> {
  const policy = documentOf(policyUnderTest);
  return fc.oneof(
    { arbitrary: arbitraryContact(policy), weight: 4 },
    { arbitrary: arbitraryVisitor(), weight: 1 },
  );
}

/** One kind of principal the kit can generate, and when a policy has any use for it. */
interface PrincipalFamily {
  readonly weight: number;
  readonly fits: (policy: PolicyInput) => boolean;
  readonly arbitrary: (policy: PolicyInput) => fc.Arbitrary<Principal>;
}

// A new kind of principal plugs in here (and its reference evaluator in reference-evaluator.ts, which
// dispatches on `kind` the same way).
// Contacts stay in every mix (they must be denied where no web role reaches them), but most of a run goes to
// the principals a policy grants something to.
const PRINCIPAL_FAMILIES: readonly PrincipalFamily[] = [
  {
    weight: 4,
    fits: (policy) => assignableRoles(policy).length > 0,
    arbitrary: (policy) => arbitraryContact(policy),
  },
  {
    weight: 1,
    fits: (policy) => assignableRoles(policy).length === 0,
    arbitrary: (policy) => arbitraryContact(policy),
  },
  { weight: 1, fits: () => true, arbitrary: () => arbitraryVisitor() },
  { weight: 4, fits: hasInternalUsers, arbitrary: (policy) => arbitraryUser(policy) },
];

/**
 * Every kind of principal a policy has a use for, each fitting it: contacts and visitors always, and each
 * further kind when the policy defines what it needs.
 */
export function arbitraryPrincipal(policyUnderTest: PolicyUnderTest): fc.Arbitrary<Principal> {
  const policy = documentOf(policyUnderTest);
  const families = PRINCIPAL_FAMILIES.filter((family) => family.fits(policy));
  return fc.oneof(
    ...families.map((family) => ({ arbitrary: family.arbitrary(policy), weight: family.weight })),
  );
}
