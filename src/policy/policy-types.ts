import type { BuiltInAdministrativeRoleName } from './administrative-role.js';

/**
 * The names a policy declares, as types: what `definePolicy` infers from a policy literal so that a typo in a
 * table, column, role or page id does not compile. A policy loaded from JSON has plain `string` names.
 */
export interface PolicyTypes {
  /** The column names of each table, by table name (`string` when the table does not list its `fields`). */
  readonly tables: { readonly [table: string]: string };
  /** The web role names (contacts' `webRoles` and `accountWebRoles`). */
  readonly webRoles: string;
  /** The security role names (internal users' `securityRoles`). */
  readonly securityRoles: string;
  /** The administrative role names: the built-in ones and the policy's own (`administrativeRoles`). */
  readonly administrativeRoles: string;
  /** The ids of the page tree (`page(id)`, `explainPage`). */
  readonly pages: string;
}

/**
 * What a `Policy`, an ability or a helper is typed by: the `PolicyTypes` of a policy, or (the shorthand older
 * code writes, `PortalAbility<'salesorder'>`) a union of table names whose other names are plain strings.
 */
export type PolicyTypesLike = PolicyTypes | string;

/** The `PolicyTypes` a union of table names stands for: the other names are plain strings. */
type TablesOnly<TTable extends string> = {
  readonly tables: { readonly [K in TTable]: string };
  readonly webRoles: string;
  readonly securityRoles: string;
  readonly administrativeRoles: string;
  readonly pages: string;
};

/**
 * The `PolicyTypes` of a policy (`PolicyTypesOf<typeof policy>`), of an ability, of a union of table names,
 * or of `PolicyTypes` themselves.
 */
export type PolicyTypesOf<T> = [T] extends [string]
  ? TablesOnly<T>
  : T extends PolicyTypes
    ? T
    : T extends { readonly policy: { readonly '~types'?: infer TTypes } }
      ? Exclude<TTypes, undefined>
      : T extends { readonly '~types'?: infer TTypes }
        ? Exclude<TTypes, undefined>
        : never;

/** One part of the `PolicyTypes` of `T`. */
type PartOf<T, TPart extends keyof PolicyTypes> =
  PolicyTypesOf<T> extends infer TTypes extends PolicyTypes ? TTypes[TPart] : never;

/** The table names of a policy, an ability or `PolicyTypes` (`TableOf<typeof policy>`). */
export type TableOf<T> = Extract<keyof PartOf<T, 'tables'>, string>;

/** The column names of `TTable` (every string when the table lists no `fields`). */
export type ColumnOf<T, TTable extends string> = TTable extends keyof PartOf<T, 'tables'>
  ? PartOf<T, 'tables'>[TTable]
  : string;

/** The web role names of a policy, an ability or `PolicyTypes`. */
export type WebRoleOf<T> = PartOf<T, 'webRoles'>;

/** The security role names of a policy, an ability or `PolicyTypes`. */
export type SecurityRoleOf<T> = PartOf<T, 'securityRoles'>;

/** The administrative role names of a policy, an ability or `PolicyTypes`: built-in ones and declared ones. */
export type AdministrativeRoleOf<T> = PartOf<T, 'administrativeRoles'>;

/** The page ids of a policy, an ability or `PolicyTypes`. */
export type PageIdOf<T> = PartOf<T, 'pages'>;

// ---- inference from a policy literal ----

type ElementOf<TList> = TList extends readonly (infer TItem)[] ? TItem : never;

/** The names (`name` or `id`) of the items of an optional list; `never` when the literal has no such list. */
type NamesIn<TInput, TKey extends string, TName extends string> = TKey extends keyof TInput
  ? ElementOf<NonNullable<TInput[TKey]>> extends infer TItem
    ? TItem extends { readonly [K in TName]: infer TValue extends string }
      ? TValue
      : never
    : never
  : never;

/**
 * A table's columns: the `fields` it lists (validation requires every field the policy names on it to be
 * listed), or every string when it lists none (a record may then carry any field).
 */
type ColumnsOfTable<TTable> = TTable extends { readonly fields: readonly (infer TField extends string)[] }
  ? TField
  : string;

/**
 * The `PolicyTypes` of a policy document: literal names from a literal, plain strings from a `PolicyInput`
 * or from `any` (`JSON.parse`).
 */
export type PolicyTypesOfInput<TInput> = 0 extends 1 & TInput ? PolicyTypes : NamesOfInput<TInput>;

type NamesOfInput<TInput> = {
  readonly tables: TInput extends { readonly tables: infer TTables }
    ? { readonly [TTable in Extract<keyof TTables, string>]: ColumnsOfTable<TTables[TTable]> }
    : { readonly [table: string]: string };
  readonly webRoles: NamesIn<TInput, 'webRoles', 'name'>;
  readonly securityRoles: NamesIn<TInput, 'securityRoles', 'name'>;
  readonly administrativeRoles:
    | BuiltInAdministrativeRoleName
    | NamesIn<TInput, 'administrativeRoles', 'name'>;
  readonly pages: NamesIn<TInput, 'pages', 'id'>;
};
