import type {
  AdministrativeRoleOf,
  PolicyTypesLike,
  SecurityRoleOf,
  WebRoleOf,
} from '../policy/policy-types.js';
import type { AnonymousPrincipal } from './anonymous.js';
import type { ContactPrincipal } from './contact.js';
import type { Principal } from './principal.js';
import type { UserPrincipal } from './user.js';

/** The element type of a list field of `TPrincipal`, `never` when it has none. */
type NamesWritten<TPrincipal, TField extends string> = TPrincipal extends {
  readonly [K in TField]?: readonly (infer TName)[] | undefined;
}
  ? TName
  : never;

/**
 * Role names as an argument: names written literally must be declared (a typo does not compile); names
 * typed `string` (read from a session or a database) are checked at run time, where an unknown role throws.
 */
type RoleNames<TWritten, TDeclared extends string> = string extends TWritten ? string : TDeclared;

/** The role names a list of assignments writes: plain names and the `name` of `{ name, businessUnitId }`. */
type AssignedNames<TWritten> = TWritten extends { readonly name: infer TName } ? TName : TWritten;

/** A security role assignment as an argument: a declared role name, or one with the unit it is assigned from. */
type AssignmentArgument<TWritten, TDeclared extends string> =
  | RoleNames<AssignedNames<TWritten>, TDeclared>
  | { readonly name: RoleNames<AssignedNames<TWritten>, TDeclared>; readonly businessUnitId: string };

/** Administrative roles as an argument: built-in ones or ones the policy declares. */
type AdministrativeRolesArgument<TTypes extends PolicyTypesLike, TPrincipal> = {
  readonly administrativeRoles?:
    | readonly RoleNames<NamesWritten<TPrincipal, 'administrativeRoles'>, AdministrativeRoleOf<TTypes>>[]
    | undefined;
};

/** A contact whose web roles and administrative roles are those of the policy. */
export type ContactArgument<TTypes extends PolicyTypesLike, TPrincipal> = Omit<
  ContactPrincipal,
  'webRoles' | 'accountWebRoles' | 'administrativeRoles'
> &
  AdministrativeRolesArgument<TTypes, TPrincipal> & {
    readonly webRoles?:
      | readonly RoleNames<NamesWritten<TPrincipal, 'webRoles'>, WebRoleOf<TTypes>>[]
      | undefined;
    readonly accountWebRoles?:
      | readonly RoleNames<NamesWritten<TPrincipal, 'accountWebRoles'>, WebRoleOf<TTypes>>[]
      | undefined;
  };

/** An internal user whose security roles and administrative roles are those of the policy. */
export type UserArgument<TTypes extends PolicyTypesLike, TPrincipal> = Omit<
  UserPrincipal,
  'securityRoles' | 'administrativeRoles'
> &
  AdministrativeRolesArgument<TTypes, TPrincipal> & {
    readonly securityRoles?:
      | readonly AssignmentArgument<NamesWritten<TPrincipal, 'securityRoles'>, SecurityRoleOf<TTypes>>[]
      | undefined;
  };

/**
 * What `abilityFor` accepts for a policy typed by `TTypes`: a principal whose role names are declared by the
 * policy (web roles for contacts, security roles for users, administrative roles for both) and whose fields
 * are those of its kind.
 * `TPrincipal` is the principal as written; a `Principal` read at run time passes and is validated then.
 * (The first branch is never taken for a real argument: it is where the compiler infers `TPrincipal` from.)
 */
export type PrincipalArgument<TTypes extends PolicyTypesLike, TPrincipal extends Principal> = [
  TPrincipal,
] extends [never]
  ? TPrincipal
  : TPrincipal extends { readonly kind: 'contact' }
    ? ContactArgument<TTypes, TPrincipal>
    : TPrincipal extends { readonly kind: 'user' }
      ? UserArgument<TTypes, TPrincipal>
      : AnonymousPrincipal;
