import type { Condition } from '../base/condition.js';
import type { RecordPredicate } from '../base/matcher.js';
import type { CompiledPrincipal, PortalRawRule } from '../base/rule.js';
import type { PolicyIndex } from '../policy/policy.js';
import { fieldsKey } from '../principal/own-data.js';
import { PRINCIPAL_FIELDS, type ValidPrincipal } from '../principal/principal.js';
import { bindGenerated, compileRules, type GeneratedRules, generateRules } from './codegen.js';
import { reportSlots } from './report-slots.js';

// Principals with the same roles, account state, teams… compile to the same rules but for the ids they are
// compared with. A template compiles once with placeholders in place of those ids; each ability then only
// puts its principal's ids in. A placeholder starts with a lone surrogate: every id is well-formed Unicode
// (RELIABILITY 22), so no principal value can be mistaken for one.
const MARK = '\uDC00';
const placeholder = (slot: number): string => `${MARK}${slot}`;
const slotOf = (text: string): number =>
  text.length > 1 && text.charCodeAt(0) === 0xdc00 ? Number(text.slice(1)) : -1;

const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value !== '';

/** A principal's compiled form with placeholders, shared by every principal that differs only in its ids. */
export interface RuleTemplate {
  readonly compiled: CompiledPrincipal;
  /** Per rule holding a placeholder, what puts the ids in (the others are shared, frozen, by every ability). */
  readonly bound: readonly (Instantiate<PortalRawRule> | undefined)[];
  readonly predicates: Map<string, Map<string, Binder>>;
}

/** The principal's template key and ids in slot order; `standIn` is the principal with placeholders. */
export interface Identity {
  readonly key: string;
  readonly standIn: () => ValidPrincipal;
  readonly values: readonly string[];
}

/**
 * The ids a template leaves open for `principal`, or `undefined` when it compiles on its own: administrative
 * roles compare ids in more ways than equality, and an id that is also a team or business-unit id must be
 * compiled as itself (the compiler tells them apart or refuses the principal).
 */
export function identityOf(
  index: PolicyIndex,
  principal: ValidPrincipal,
  session: string | undefined,
): Identity | undefined {
  if (principal.kind === 'anonymous') return { key: 'anonymous', standIn: () => principal, values: [] };
  if (principal.administrativeRoles !== undefined && principal.administrativeRoles.length > 0)
    return undefined;
  if (principal.kind === 'user' && (index.teams.has(principal.id) || index.businessUnits.has(principal.id)))
    return undefined;
  const values: string[] = [principal.id];
  const open: Record<string, string> = { id: placeholder(0) };
  if (principal.kind === 'contact') {
    if (present(principal.accountId)) open.accountId = placeholder(values.push(principal.accountId) - 1);
    if (present(principal.legalEntity))
      open.legalEntity = placeholder(values.push(principal.legalEntity) - 1);
  }
  const reports = principal.kind === 'user' ? reportSlots(index, principal, values, placeholder) : undefined;
  if (principal.kind === 'user' && reports === undefined) return undefined;
  if (reports !== undefined) open.reports = reports.key;
  return {
    key: `${session ?? ''}|${fieldsKey(principal as Record<string, unknown>, PRINCIPAL_FIELDS[principal.kind], open)}`,
    standIn: () =>
      (reports === undefined
        ? { ...principal, ...open }
        : { ...principal, ...open, reports: reports.standIn() }) as ValidPrincipal,
    values,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

// Objects of templates that hold a placeholder somewhere below: instantiating skips every other part.
const holders = new WeakSet<object>();

function holdsPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return slotOf(value) >= 0;
  if (typeof value !== 'object' || value === null) return false;
  if (holders.has(value)) return true;
  // Every part is visited (no early exit), so each holder below is marked too.
  let holds = false;
  for (const item of Object.values(value)) if (holdsPlaceholder(item)) holds = true;
  if (holds) holders.add(value);
  return holds;
}

type Instantiate<T> = (values: readonly string[]) => T;

const RULE_KEYS = ['action', 'subject', 'conditions', 'reason', 'provenance'] as const;

/**
 * A function putting ids into `value`'s placeholders, compiled once per template; parts without one are
 * shared, not copied. (Building objects key by key: spreading a frozen object is a slow path in V8.)
 */
function instantiator<T>(value: T): Instantiate<T> | undefined {
  if (typeof value === 'string') {
    const slot = slotOf(value);
    return slot >= 0 ? (values) => values[slot] as T : undefined;
  }
  if (typeof value !== 'object' || value === null || !holders.has(value)) return undefined;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const parts = keys.map((key) => instantiator(source[key]));
  if (Array.isArray(value)) {
    return (values) => {
      const copy: unknown[] = new Array(keys.length);
      for (let index = 0; index < keys.length; index++) {
        const part = parts[index];
        copy[index] = part === undefined ? source[index] : part(values);
      }
      return copy as T;
    };
  }
  const part = (key: string): Instantiate<unknown> => {
    const apply = parts[keys.indexOf(key)];
    return apply ?? (() => source[key]);
  };
  if (keys.length === RULE_KEYS.length && RULE_KEYS.every((key) => keys.includes(key))) {
    // A rule as one literal: its five fields stay inside the object instead of a separate property store.
    const [action, subject, conditions, reason, provenance] = RULE_KEYS.map(part);
    return (values) =>
      ({
        action: action!(values),
        subject: subject!(values),
        conditions: conditions!(values),
        reason: reason!(values),
        provenance: provenance!(values),
      }) as T;
  }
  return (values) => {
    const copy: Record<string, unknown> = {};
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const part = parts[index];
      copy[key] = part === undefined ? source[key] : part(values);
    }
    return copy as T;
  };
}

/** `value` with every placeholder replaced by its id. */
export function instantiate<T>(value: T, values: readonly string[]): T {
  const apply = instantiator(value);
  return apply === undefined ? value : apply(values);
}

/** Makes a template from the stand-in's compiled rules. */
export function createTemplate(compiled: CompiledPrincipal): RuleTemplate {
  deepFreeze(compiled);
  for (const rule of compiled.rules) holdsPlaceholder(rule);
  return { compiled, bound: compiled.rules.map((rule) => instantiator(rule)), predicates: new Map() };
}

/** The rules of one principal: the template's, with its ids in. */
export function rulesOf(template: RuleTemplate, values: readonly string[]): PortalRawRule[] {
  const { rules } = template.compiled;
  const result: PortalRawRule[] = new Array(rules.length);
  for (let index = 0; index < rules.length; index++) {
    const bind = template.bound[index];
    result[index] = bind === undefined ? rules[index]! : bind(values);
  }
  return result;
}

const templates = new WeakMap<PolicyIndex, Map<string, RuleTemplate>>();
const MAX_TEMPLATES = 1000;

/** The template of `identity` under a policy, compiled on first use (a compile error is thrown, not kept). */
export function templateFor(
  index: PolicyIndex,
  identity: Identity,
  compile: (principal: ValidPrincipal) => CompiledPrincipal,
): RuleTemplate {
  let byKey = templates.get(index);
  if (!byKey) {
    byKey = new Map();
    templates.set(index, byKey);
  }
  let template = byKey.get(identity.key);
  if (!template) {
    template = createTemplate(compile(identity.standIn()));
    if (byKey.size >= MAX_TEMPLATES) byKey.clear();
    byKey.set(identity.key, template);
  }
  return template;
}

/** Which raw rules CASL would consider for (action, table): the same subject or `all`, the action or `manage`. */
export function rulesMatching<
  TRule extends { readonly action: string | readonly string[]; readonly subject?: unknown },
>(rules: readonly TRule[], action: string, table: string): TRule[] {
  const matching: TRule[] = [];
  for (const rule of rules) {
    // As CASL's rulesFor without a field: an inverted field rule (column security) takes away columns,
    // never rows, so a row check skips it.
    if (
      (rule as { inverted?: boolean }).inverted === true &&
      (rule as { fields?: unknown }).fields !== undefined
    )
      continue;
    const subjects = rule.subject;
    const actions = rule.action;
    const subjectMatches = Array.isArray(subjects)
      ? subjects.includes(table) || subjects.includes('all')
      : subjects === table || subjects === 'all' || subjects === undefined;
    if (!subjectMatches) continue;
    const actionMatches = Array.isArray(actions)
      ? actions.includes(action) || actions.includes('manage')
      : actions === action || actions === 'manage';
    if (actionMatches) matching.push(rule);
  }
  return matching;
}

/** Binds one principal's ids into the predicate compiled once per template and (action, table). */
type Binder = (values: readonly string[]) => RecordPredicate;

const ALWAYS: RecordPredicate = () => true;
const NEVER: RecordPredicate = () => false;

function binderOf(conditions: readonly (Condition | undefined)[]): Binder | undefined {
  if (conditions.length === 0) return () => NEVER;
  if (conditions.some((condition) => condition === undefined)) return () => ALWAYS;
  const generated: GeneratedRules | undefined = generateRules(conditions as readonly Condition[]);
  if (!generated) return undefined;
  const slots: ((values: readonly string[]) => unknown)[] = [];
  for (const value of generated.values) {
    if (typeof value === 'string' && slotOf(value) >= 0) {
      const slot = slotOf(value);
      slots.push((values) => values[slot]);
    } else if (value instanceof Set) {
      if (![...value].some(holdsPlaceholder)) slots.push(() => value);
      else slots.push((values) => new Set([...value].map((item) => instantiate(item, values))));
    } else if (typeof value === 'function') {
      // A closure (record shares) may hold a placeholder we cannot see: compile those per ability.
      return undefined;
    } else {
      slots.push(() => value);
    }
  }
  return (values) => {
    const bound: unknown[] = new Array(slots.length);
    for (let index = 0; index < slots.length; index++) bound[index] = slots[index]!(values);
    return bindGenerated(generated, bound);
  };
}

/** The predicate of (action, table) for one principal of the template. */
export function templatePredicate(
  template: RuleTemplate,
  values: readonly string[],
  action: string,
  table: string,
): RecordPredicate {
  let byTable = template.predicates.get(action);
  if (!byTable) {
    byTable = new Map();
    template.predicates.set(action, byTable);
  }
  let binder = byTable.get(table);
  if (!binder) {
    const conditions = rulesMatching(template.compiled.rules, action, table).map((rule) => rule.conditions);
    binder =
      binderOf(conditions) ??
      ((ids) => compileRules(conditions.map((condition) => instantiate(condition, ids))));
    byTable.set(table, binder);
  }
  return binder(values);
}
