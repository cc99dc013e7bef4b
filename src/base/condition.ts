/**
 * The conditions our CASL rules carry: a small JSON tree in the shape of a ucast AST
 * (`{ operator, field, value }` leaves, `{ operator: 'and' | 'or', value: [...] }` nodes), so CASL's
 * `rulesToAST` can combine them and every consumer (the in-memory matcher, the SQL compiler, the explainer)
 * reads the same tree. It is JSON, so `packRules` can ship it to a browser.
 *
 * Semantics shared by every consumer: a leaf compares a record value that must be a **string**; `null`,
 * a missing field, a number or an object never matches (null never equals null).
 */
export type Condition =
  | EqCondition
  | InCondition
  | ParentCondition
  | SharedCondition
  | LinkedCondition
  | AndCondition
  | OrCondition;

/** `record[field]` is a string equal to `value`. */
export interface EqCondition {
  readonly operator: 'eq';
  readonly field: string;
  readonly value: string;
}

/** `record[field]` is a string among `value` (business-unit subtrees, owners). */
export interface InCondition {
  readonly operator: 'in';
  readonly field: string;
  readonly value: readonly string[];
}

/**
 * The record is related through `field` to a row of `value.table` whose key is `value.key` and which
 * satisfies `value.condition` (absent: any existing row). In memory the related row is embedded in the
 * record under the parent table's name and must be the one `field` names (decision D15).
 */
export interface ParentCondition {
  readonly operator: 'parent';
  readonly field: string;
  readonly value: { readonly table: string; readonly key: string; readonly condition?: Condition };
}

/**
 * The record is shared with one of `value.principals` for `value.privilege`. In memory the shares are an
 * array under `field` of `{ principal, privileges }`; in SQL they live in the share table the table declares.
 */
export interface SharedCondition {
  readonly operator: 'shared';
  readonly field: string;
  readonly value: { readonly principals: readonly string[]; readonly privilege: string };
}

/**
 * The record is linked to `value.id` (a contact id or an account number) through the many-to-many
 * relationship `value.relationship`. In memory the record lists its related ids in the array under `field`;
 * in SQL the links are the rows of the relationship's intersect table (see `src/policy/many-to-many.ts`).
 */
export interface LinkedCondition {
  readonly operator: 'linked';
  readonly field: string;
  readonly value: { readonly relationship: string; readonly id: string };
}

/** Every child condition holds (an empty list always holds). */
export interface AndCondition {
  readonly operator: 'and';
  readonly value: readonly Condition[];
}

/** At least one child condition holds (an empty list never holds). */
export interface OrCondition {
  readonly operator: 'or';
  readonly value: readonly Condition[];
}

/** Builds an `eq` leaf. */
export const eq = (field: string, value: string): EqCondition => ({ operator: 'eq', field, value });

/** Builds an `in` leaf (`in` itself is a keyword). */
export const inList = (field: string, value: readonly string[]): InCondition => ({
  operator: 'in',
  field,
  value,
});

/** Builds a conjunction, flattening the trivial cases. */
export function and(conditions: readonly Condition[]): Condition {
  return conditions.length === 1 ? conditions[0]! : { operator: 'and', value: conditions };
}

/** Builds a disjunction, flattening the trivial cases. */
export function or(conditions: readonly Condition[]): Condition {
  return conditions.length === 1 ? conditions[0]! : { operator: 'or', value: conditions };
}

/** Builds a `parent` node: the record's embedded parent row, related through `field`, satisfies `condition`. */
export function parent(field: string, table: string, key: string, condition?: Condition): ParentCondition {
  return { operator: 'parent', field, value: condition ? { table, key, condition } : { table, key } };
}

/** Builds a `linked` leaf: the record is linked to `id` through the many-to-many `relationship`. */
export function linked(field: string, relationship: string, id: string): LinkedCondition {
  return { operator: 'linked', field, value: { relationship, id } };
}
