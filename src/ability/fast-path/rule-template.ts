import type { Condition } from '../../base/condition.js';
import type { ObjectPredicate, RecordPredicate } from '../../base/matcher.js';
import type { CompiledPrincipal, PortalRawRule } from '../../base/rule.js';
import type { PolicyIndex } from '../../policy/policy.js';
import type { ValidPrincipal } from '../../principal/principal.js';
import { rulesMatching } from '../rules-matching.js';
import { bindGenerated, compileObjectRules, type GeneratedRules, generateRules } from './codegen.js';
import { type Identity, keyOf, quickHashOf, sameTemplate } from './identity.js';
import {
  deepFreeze,
  holdsPlaceholder,
  type Instantiate,
  instantiate,
  instantiator,
  slotOf,
} from './placeholders.js';

/** A principal's compiled form with placeholders, shared by every principal that differs only in its ids. */
export interface RuleTemplate {
  readonly compiled: CompiledPrincipal;
  /**
   * Per rule holding a placeholder, what puts the ids in (the others are shared, frozen, by every ability);
   * made when an ability of the template first writes its rules out (see `preparedRules`).
   */
  bound: readonly (Instantiate<PortalRawRule> | undefined)[] | undefined;
  readonly predicates: Map<string, Map<string, Binder>>;
  /** Per action, whether no rule applies to a record nobody tagged (see `untaggedNeverGrants`). */
  readonly untagged: Map<string, boolean>;
}

/**
 * Makes a template from the stand-in's compiled rules. What an ability shows at once (its denials, column
 * access) is frozen now; the rules are frozen, and what puts ids into them made, when an ability of the
 * template first writes them out: a request that only checks records never does.
 */
export function createTemplate(compiled: CompiledPrincipal): RuleTemplate {
  for (const [key, value] of Object.entries(compiled)) if (key !== 'rules') deepFreeze(value);
  Object.freeze(compiled.rules);
  Object.freeze(compiled);
  return { compiled, bound: undefined, predicates: new Map(), untagged: new Map() };
}

/** The template's rules, each frozen and each holder of a placeholder marked, with what puts ids into them. */
function preparedRules(template: RuleTemplate): readonly (Instantiate<PortalRawRule> | undefined)[] {
  if (template.bound === undefined) {
    const { rules } = template.compiled;
    for (const rule of rules) {
      deepFreeze(rule);
      holdsPlaceholder(rule);
    }
    template.bound = rules.map((rule) => instantiator(rule));
  }
  return template.bound;
}

/** The rules of one principal: the template's, with its ids in. */
export function rulesOf(template: RuleTemplate, values: readonly string[]): PortalRawRule[] {
  const { rules } = template.compiled;
  const bound = preparedRules(template);
  return rules.map((rule, index) => {
    const bind = bound[index];
    return bind === undefined ? rule : bind(values);
  });
}

/** A template with the identity it was last found for, a copy of its own to compare others with. */
interface Found {
  readonly identity: Identity;
  readonly template: RuleTemplate;
}

interface Templates {
  readonly byKey: Map<string, RuleTemplate>;
  // The templates used last, found by comparing identities, so that binding an ability writes and hashes no
  // key string.
  readonly recent: Found[];
  next: number;
  // Contacts' templates by a hash of what chooses them, each confirmed by comparing identities: more shapes
  // than `recent` holds are found without writing the template key. Two shapes of one hash take turns.
  readonly byHash: Map<number, Found>;
}
const templates = new WeakMap<PolicyIndex, Templates>();
const MAX_TEMPLATES = 1000;
const RECENT = 8;

/** The template of `identity` under a policy, compiled on first use (a compile error is thrown, not kept). */
export function templateFor(
  index: PolicyIndex,
  identity: Identity,
  compile: (principal: ValidPrincipal) => CompiledPrincipal,
): RuleTemplate {
  let cache = templates.get(index);
  if (!cache) {
    cache = { byKey: new Map(), recent: [], next: 0, byHash: new Map() };
    templates.set(index, cache);
  }
  const recent = cache.recent;
  for (let position = 0; position < recent.length; position++) {
    const entry = recent[position]!;
    if (sameTemplate(entry.identity, identity)) return entry.template;
  }
  const hash = quickHashOf(identity);
  const quick = hash === undefined ? undefined : cache.byHash.get(hash);
  if (quick !== undefined && sameTemplate(quick.identity, identity)) return quick.template;
  const key = keyOf(identity);
  let template = cache.byKey.get(key);
  if (!template) {
    const { principal, open, reports } = identity;
    const standIn =
      reports === undefined
        ? { ...principal, ...open }
        : { ...principal, ...open, reports: reports.standIn() };
    template = createTemplate(compile(standIn as ValidPrincipal));
    if (cache.byKey.size >= MAX_TEMPLATES) cache.byKey.clear();
    cache.byKey.set(key, template);
  }
  // Compared later against its own copy: callers can reach (and change) the lists of `ability.principal`.
  const copy: Record<string, unknown> = { ...identity.principal };
  for (const field of Object.keys(copy))
    if (Array.isArray(copy[field])) copy[field] = [...(copy[field] as [])];
  const entry = { identity: { ...identity, principal: copy as unknown as ValidPrincipal }, template };
  // `next` runs through 0..RECENT-1 in order: the list fills without holes, then the oldest is replaced.
  recent[cache.next] = entry;
  cache.next = (cache.next + 1) % RECENT;
  if (hash !== undefined) {
    if (cache.byHash.size >= MAX_TEMPLATES) cache.byHash.clear();
    cache.byHash.set(hash, entry);
  }
  return template;
}

/** Binds one principal's ids into the predicate compiled once per template and (action, table). */
type Binder = (values: readonly string[]) => ObjectPredicate;

const ALWAYS: RecordPredicate = () => true;
const NEVER: RecordPredicate = () => false;

function binderOf(conditions: readonly (Condition | undefined)[]): Binder | undefined {
  if (conditions.length === 0) return () => NEVER;
  if (conditions.some((condition) => condition === undefined)) return () => ALWAYS;
  // A placeholder stays out of merged sets: a set holding one is rebuilt for every ability.
  const generated: GeneratedRules | undefined = generateRules(
    conditions as readonly Condition[],
    (value) => slotOf(value) < 0,
    true,
  );
  if (!generated) return undefined;
  const slots: ((values: readonly string[]) => unknown)[] = [];
  for (const value of generated.values) {
    if (typeof value === 'string') {
      // A placeholder is read from the principal's ids; any other text is the policy's own value.
      const slot = slotOf(value);
      slots.push(slot < 0 ? () => value : (values) => values[slot]);
    } else if (value instanceof Set) {
      if (![...value].some(holdsPlaceholder)) slots.push(() => value);
      else slots.push((values) => new Set([...value].map((item) => instantiate(item, values))));
    } else {
      // A closure (a many-to-many link) may hold a placeholder we cannot see: compile those per ability.
      return undefined;
    }
  }
  return (values) =>
    bindGenerated(
      generated,
      slots.map((slot) => slot(values)),
    );
}

/** The predicate of (action, table) for one principal of the template; its caller passes only objects. */
export function templatePredicate(
  template: RuleTemplate,
  values: readonly string[],
  action: string,
  table: string,
): ObjectPredicate {
  let byTable = template.predicates.get(action);
  if (!byTable) {
    byTable = new Map();
    template.predicates.set(action, byTable);
  }
  let binder = byTable.get(table);
  if (!binder) {
    const conditions = rulesMatching(template.compiled.rules, action, table).map((rule) => rule.conditions);
    binder = binderOf(conditions);
    if (binder === undefined) {
      // `instantiate` finds placeholders by the marks preparing the rules leaves.
      preparedRules(template);
      binder = (ids) => compileObjectRules(conditions.map((condition) => instantiate(condition, ids)));
    }
    byTable.set(table, binder);
  }
  return binder(values);
}
