// The `portal-permissions/prisma` entry: an ability's filter as a Prisma `where` input. It builds plain
// objects and imports nothing from Prisma, so the generated client's own types check what it returns.

import { rulesToAST } from '@casl/ability/extra';
import type { PortalAbility } from '../../ability/ability.js';
import type { Action, ActionArgument, TableArgument } from '../../ability/portal-subject.js';
import type { Condition } from '../../base/condition.js';
import { PortalPermissionsError } from '../../base/errors.js';
import type { PolicyTypes, PolicyTypesLike, TableOf } from '../../policy/policy-types.js';
import { sqlTablesOf } from '../../query/sql-mapping.js';

/** A Prisma `where` input, before the generated client's type is put on it. */
export type PrismaWhere = { readonly [field: string]: unknown };

/** How the policy's tables are related in the Prisma schema, where the names differ from the defaults. */
export interface PrismaWhereOptions {
  /**
   * The relation field behind a parent relationship field, by policy table: `{ salesorderline:
   * { salesOrderId: 'order' } }`. By default the relation is named as the parent table (as in memory).
   */
  readonly relations?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The one-to-many relation to a table's share rows (fields `principal` and `privilege`), by policy
   * table. By default the relation is named as the table's in-memory shares field.
   */
  readonly shares?: Readonly<Record<string, string>>;
}

// CASL's rulesFor type is computed from the ability's generics; our rules carry a `Condition` as their ast.
type LooseRulesToAST = (ability: object, action: string, table: string) => Condition | null;

/** Matches no row: Prisma reads an empty `OR` as false, as the SQL filter writes `FALSE`. */
const NOTHING: PrismaWhere = Object.freeze({ OR: Object.freeze([]) });

// Own properties only (RELIABILITY 19): a polluted prototype must not rename a relation.
function ownName(holder: object | undefined, key: string): string | undefined {
  if (typeof holder !== 'object' || holder === null || !Object.hasOwn(holder, key)) return undefined;
  const value = (holder as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function ownRecord(holder: object | undefined, key: string): object | undefined {
  if (typeof holder !== 'object' || holder === null || !Object.hasOwn(holder, key)) return undefined;
  const value = (holder as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null ? value : undefined;
}

function toWhere(condition: Condition, table: string, options: PrismaWhereOptions): PrismaWhere {
  switch (condition.operator) {
    case 'eq':
      return { [condition.field]: condition.value };
    case 'in':
      return { [condition.field]: { in: [...condition.value] } };
    case 'parent': {
      const { field, value } = condition;
      const relation = ownName(ownRecord(ownRecord(options, 'relations'), table), field);
      const parent = value.condition ? toWhere(value.condition, value.table, options) : {};
      // An empty reference names no row, as in memory and in SQL: '' never joins '' (fail closed, like NULL).
      return { AND: [{ [field]: { not: '' } }, { [relation ?? value.table]: { is: parent } }] };
    }
    case 'shared': {
      const relation = ownName(ownRecord(options, 'shares'), table) ?? condition.field;
      const { principals, privilege } = condition.value;
      return { [relation]: { some: { principal: { in: [...principals] }, privilege } } };
    }
    case 'linked':
      // The related ids as a scalar list (`String[]`), the in-memory shape: `has` is Prisma's membership test.
      return { [condition.field]: { has: condition.value.id } };
    case 'and':
      return condition.value.length === 0
        ? {}
        : { AND: condition.value.map((child) => toWhere(child, table, options)) };
    case 'or':
      return condition.value.length === 0
        ? NOTHING
        : { OR: condition.value.map((child) => toWhere(child, table, options)) };
    default:
      throw new PortalPermissionsError(
        'unsupported_condition',
        `condition operator "${String((condition as { operator: unknown }).operator)}" has no Prisma form; conditions must come from abilityFor`,
      );
  }
}

/**
 * The rows of `table` on which `ability` allows `action`, as a Prisma `where` input (like `@casl/prisma`'s
 * `accessibleBy`): equality and `in` on the model's fields, `is` on the relation to a parent, `some` on the
 * relation to share rows, `has` on a many-to-many scope's scalar list of related ids, `{ OR: [] }` (no row)
 * when nothing is granted. Name the generated input type.
 *
 * @example
 * const orders = await prisma.salesorder.findMany({
 *   where: accessibleBy<Prisma.salesorderWhereInput>(ability, 'read', 'salesorder'),
 * });
 */
export function accessibleBy<
  TWhere = PrismaWhere,
  TTypes extends PolicyTypesLike = PolicyTypes,
  TTable extends string = TableOf<TTypes>,
  TAction extends string = Action,
>(
  ability: PortalAbility<TTypes>,
  action: ActionArgument<TTypes, TTable, TAction>,
  table: TableArgument<TTypes, TTable>,
  options: PrismaWhereOptions = {},
): TWhere {
  // The names were checked at the call; the helpers read them as plain strings (no generic re-checking).
  const loose = ability as unknown as PortalAbility;
  sqlTablesOf(loose.policy)(table);
  const condition = (rulesToAST as unknown as LooseRulesToAST)(loose, action, table);
  return (condition === null ? NOTHING : toWhere(condition, table, options)) as TWhere;
}
