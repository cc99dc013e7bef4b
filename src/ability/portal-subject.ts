import type { TablePermissionPrivilege } from '../base/privilege.js';
import type { AdministrativeOperation, AdministrativeTargetKind } from '../policy/administrative-role.js';
import type { PAGE_SUBJECT, PageAction } from '../policy/page.js';
import type { ColumnOf, PageIdOf, PolicyTypes, PolicyTypesLike, TableOf } from '../policy/policy-types.js';
import type { SecurityRolePrivilege } from '../policy/security-role.js';
import type { PageSubject } from './page-subject.js';
import type { TaggedRecord } from './subject.js';

/** Every action an ability answers for: data privileges (`assign` and `share` come only from security roles), administrative operations on accounts, and `view` / `change` on pages. */
export type Action = TablePermissionPrivilege | SecurityRolePrivilege | AdministrativeOperation | PageAction;

/** The actions on rows of a table: the privileges of table permissions and of security roles. */
export type DataAction = TablePermissionPrivilege | SecurityRolePrivilege;

/**
 * What `can` accepts: a table name (type-level: "some record") or a tagged record (record-level); for
 * administrative operations, an account kind (`user`, `contact`) or an account from `administrativeTarget`;
 * for pages, `page(id)` (`SubjectArgument` checks its id). `TTypes` is a policy's `PolicyTypes` or a union of
 * table names.
 */
export type PortalSubject<TTypes extends PolicyTypesLike = PolicyTypes> =
  | TableOf<TTypes>
  | AdministrativeTargetKind
  | TaggedRecord<TableOf<TTypes> | AdministrativeTargetKind>
  | PageSubject;

/** The subject type a subject names: a table, an account kind or the page subject. */
export type SubjectTypeOf<TSubject> = TSubject extends string
  ? TSubject
  : TSubject extends { readonly __caslSubjectType__: infer TType extends string }
    ? TType
    : string;

/**
 * The actions that can be granted on a subject: data privileges on a table's rows, administrative
 * operations on an account kind (`contact` may be both), `view` and `change` on a page. Any other pair is
 * never granted, so writing it is a mistake the compiler reports.
 */
export type ActionOn<TTypes extends PolicyTypesLike, TSubject> = [TSubject] extends [undefined]
  ? Action
  : ActionOnType<TTypes, SubjectTypeOf<Exclude<TSubject, undefined>>>;

type ActionOnType<TTypes extends PolicyTypesLike, TType extends string> = string extends TType
  ? Action
  : TType extends typeof PAGE_SUBJECT | SubjectNameOf<TTypes>
    ?
        | (TType extends typeof PAGE_SUBJECT ? PageAction : never)
        | (TType extends AdministrativeTargetKind ? AdministrativeOperation : never)
        | (TType extends TableOf<TTypes> ? DataAction : never)
    : // An undeclared subject: the subject argument reports it, so every action is left to pass here.
      Action;

/**
 * What an action argument accepts, given the action written (`TAction`): the actions that can be granted on
 * the subject when it is written literally; any action when typed `Action` as a whole (a loop over every
 * action), decided at run time.
 */
export type ActionArgument<TTypes extends PolicyTypesLike, TSubject, TAction extends string> = [
  TAction,
] extends [never]
  ? TAction
  : Action extends TAction
    ? Action
    : ActionOn<TTypes, TSubject>;

/** A column of `TColumn`, or a path into it (`price.amount`, `price[0]`: the column decides, D24). */
export type ColumnPath<TColumn extends string> = string extends TColumn
  ? string
  : TColumn | `${TColumn}.${string}` | `${TColumn}[${string}`;

/**
 * What a field argument accepts: a column of the subject's table (or a path into one). A name written
 * literally must be among the table's `fields`; a `string` (a field read from a request) is decided at run
 * time by column security, as before.
 */
export type FieldArgument<
  TTypes extends PolicyTypesLike,
  TSubject,
  TField extends string,
> = string extends TField ? TField : ColumnPath<ColumnOf<TTypes, SubjectTypeOf<TSubject>>>;

/** The subject types a policy's abilities answer for by name: its tables and the account kinds. */
export type SubjectNameOf<TTypes extends PolicyTypesLike> = TableOf<TTypes> | AdministrativeTargetKind;

/**
 * What a subject argument accepts, given the subject written (`TSubject`): a table or account kind, a tagged
 * record or a page. A name, tag or page id written literally must be one the policy declares; one typed
 * `string` (read at run time) is checked then, where an unknown table or page is denied. An untagged record
 * is refused: only `subject()` says which table a record is a row of. (The first branch returns `TSubject`
 * itself so that the compiler infers it from the argument as a whole, a union of records included.)
 */
export type SubjectArgument<TTypes extends PolicyTypesLike, TSubject> = [TSubject] extends [undefined]
  ? TSubject
  : TSubject extends string
    ? NamesAccepted<TSubject, TableOf<TTypes> | AdministrativeTargetKind>
    : TSubject extends PageSubject<infer TId extends string>
      ? PageSubject<NamesAccepted<TId, PageIdOf<TTypes>>>
      : TSubject extends { readonly __caslSubjectType__: infer TName extends string }
        ? TaggedRecord<NamesAccepted<TName, TableOf<TTypes> | AdministrativeTargetKind>>
        : TaggedRecord<TableOf<TTypes> | AdministrativeTargetKind>;

/** The names accepted for a name written as `TWritten`: the declared ones when literal, any when `string`. */
type NamesAccepted<TWritten extends string, TDeclared extends string> = string extends TWritten
  ? string
  : TDeclared;

/**
 * A name argument: one the policy declares when written literally, any when typed `string` (checked at run
 * time). (The first branch is never taken for a real argument: it is where the compiler infers `TWritten`.)
 */
export type NameArgument<TWritten extends string, TDeclared extends string> = [TWritten] extends [never]
  ? TWritten
  : NamesAccepted<TWritten, TDeclared>;

/** A table as an argument: written literally, one the policy declares; typed `string`, checked at run time. */
export type TableArgument<TTypes extends PolicyTypesLike, TTable extends string> = NameArgument<
  TTable,
  TableOf<TTypes>
>;

/** A page id as an argument: written literally, one the policy declares; typed `string`, checked at run time. */
export type PageIdArgument<TTypes extends PolicyTypesLike, TId extends string> = NameArgument<
  TId,
  PageIdOf<TTypes>
>;
