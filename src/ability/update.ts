import type { Condition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import type { RecordPredicate } from '../base/matcher.js';
import type { PortalRawRule } from '../base/rule.js';
import { type PortalPrincipal, postImageCoverage } from '../compile/web-role-rules.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { PolicyTypesLike, TableOf } from '../policy/policy-types.js';
import { scopes } from '../policy/scopes/index.js';
import type { PortalAbility } from './ability.js';
import { requireRecord } from './attach.js';
import { compileRules } from './fast-path/index.js';
import { changedFields, fieldsAllowed } from './permitted-columns.js';
import type { TaggedRecord } from './subject.js';

interface RuleLike {
  readonly conditions?: Condition | undefined;
  readonly inverted?: boolean;
  readonly origin: Partial<PortalRawRule>;
}

type LooseRulesFor = (action: string, table: string) => readonly RuleLike[];

// By the ability's rule list: CASL replaces the list on `update`, which makes the predicates stale.
const postImages = new WeakMap<object, Map<string, RecordPredicate>>();

function postImageCondition(ability: PortalAbility, rule: RuleLike): Condition | undefined | null {
  const provenance = rule.origin.provenance;
  const principal = ability.principal;
  if (provenance?.kind !== 'tablePermission' || principal.kind === 'user') return rule.conditions;
  const index = policyIndexOf(ability.policy);
  const permission = index.permissions.get(provenance.tablePermission);
  // A grant naming a permission this policy lacks (rules kept from another version) cannot be narrowed to
  // what a create under it needs, so it allows no new version: fail closed.
  if (permission === undefined) return null;
  if (scopes[permission.scope].createCoverage === undefined) return rule.conditions;
  const coverage = postImageCoverage(index, principal as PortalPrincipal, permission);
  return coverage === true ? undefined : coverage;
}

/** Who may write a record's new version: each Write grant, narrowed to what a create under it needs (D6). */
function postImagePredicate(ability: PortalAbility, table: string): RecordPredicate {
  let byTable = postImages.get(ability.rules);
  if (!byTable) {
    byTable = new Map();
    postImages.set(ability.rules, byTable);
  }
  let predicate = byTable.get(table);
  if (!predicate) {
    const rules = (ability.rulesFor as unknown as LooseRulesFor).call(ability, 'write', table);
    // A deny (CASL's `cannot`, which only a caller's `update` adds) never widens the new versions a grant allows:
    // `can` on the new version has applied it already.
    const conditions = rules
      .filter((rule) => rule.inverted !== true)
      .map((rule) => postImageCondition(ability, rule))
      .filter((condition): condition is Condition | undefined => condition !== null);
    predicate = compileRules(conditions);
    byTable.set(table, predicate);
  }
  return predicate;
}

/**
 * Whether the principal may change `before` into `after`: Write on the record as it is AND as it would be
 * (RELIABILITY 16), so an update can never move a record into another account, contact or business unit
 * the principal could not write to. The new version must also be one a create could make (D6): a
 * contact-scoped writer keeps their own orders in their own company. Both versions must be tagged with the
 * same table by `subject()` (RELIABILITY 20); anything else throws `PortalPermissionsError`. Every changed
 * field needs Write (column `update`) on both versions too.
 *
 * @example canUpdate(ability, subject('salesorder', stored), subject('salesorder', { ...stored, ...patch }))
 */
export function canUpdate<TTypes extends PolicyTypesLike>(
  ability: PortalAbility<TTypes>,
  before: TaggedRecord<TableOf<TTypes>>,
  after: TaggedRecord<TableOf<TTypes>>,
): boolean {
  const table = requireRecord('canUpdate', before, 'record before the update');
  const afterTable = requireRecord('canUpdate', after, 'record after the update');
  if (afterTable !== table) {
    throw new PortalPermissionsError(
      'table_mismatch',
      `canUpdate needs both versions of one record, but the record before the update is tagged "${table}" and the record after it "${afterTable}"; tag both with subject("${table}", …)`,
    );
  }
  const loose = ability as unknown as PortalAbility;
  if (
    !(
      loose.can('write', before as TaggedRecord) &&
      loose.can('write', after as TaggedRecord) &&
      postImagePredicate(loose, table)(after)
    )
  ) {
    return false;
  }
  const changed = changedFields(before, after);
  return fieldsAllowed(loose, 'write', before, changed) && fieldsAllowed(loose, 'write', after, changed);
}
