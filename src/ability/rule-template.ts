import type { Condition } from '../base/condition.js';
import type { RecordPredicate } from '../base/matcher.js';
import type { CompiledPrincipal, PortalRawRule } from '../base/rule.js';
import type { PolicyIndex } from '../policy/policy.js';
import { fieldsKey } from '../principal/own-data.js';
import { PRINCIPAL_FIELDS, type ValidPrincipal } from '../principal/principal.js';
import { bindGenerated, compileRules, type GeneratedRules, generateRules } from './codegen.js';
import { type ReportSlots, reportSlots } from './report-slots.js';

// Principals with the same roles, account state, teams… compile to the same rules but for the ids they are
// compared with. A template compiles once with placeholders in place of those ids; each ability then only
// puts its principal's ids in. A placeholder starts with a lone surrogate: every id is well-formed Unicode
// (RELIABILITY 22), so no principal value can be mistaken for one.
const MARK = '\uDC00';
const placeholder = (slot: number): string => `${MARK}${slot}`;
// A principal opens at most three slots (id, account, legal entity): their texts are made once.
const SLOTS: readonly string[] = [placeholder(0), placeholder(1), placeholder(2)];
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
  /** Per action, whether no rule applies to a record nobody tagged (see `untaggedNeverGrants`). */
  readonly untagged: Map<string, boolean>;
}

/** What a principal's template is chosen by: the principal, its ids in slot order and the fields they open. */
export interface Identity {
  readonly principal: ValidPrincipal;
  readonly session: string | undefined;
  /** The placeholder of each open field. */
  readonly open: Readonly<Record<string, string>>;
  /** Which of `id`, `accountId`, `legalEntity` are open (bits 1, 2, 4). */
  readonly openMask: number;
  /** A user's reports, opened as placeholders (hierarchy security); `open.reports` holds their shape. */
  readonly reports?: ReportSlots;
  readonly values: readonly string[];
}

const ANONYMOUS_KEY = 'anonymous';

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
  if (principal.kind === 'anonymous') {
    return { principal, session: undefined, open: {}, openMask: 0, values: [] };
  }
  if (principal.administrativeRoles !== undefined && principal.administrativeRoles.length > 0)
    return undefined;
  if (principal.kind === 'user' && (index.teams.has(principal.id) || index.businessUnits.has(principal.id)))
    return undefined;
  const values: string[] = [principal.id];
  const open: Record<string, string> = { id: SLOTS[0]! };
  let openMask = 1;
  if (principal.kind === 'contact') {
    if (present(principal.accountId)) {
      open.accountId = SLOTS[values.push(principal.accountId) - 1]!;
      openMask |= 2;
    }
    if (present(principal.legalEntity)) {
      open.legalEntity = SLOTS[values.push(principal.legalEntity) - 1]!;
      openMask |= 4;
    }
  }
  const reports = principal.kind === 'user' ? reportSlots(index, principal, values, placeholder) : undefined;
  if (principal.kind === 'user' && reports === undefined) return undefined;
  if (reports === undefined) return { principal, session, open, openMask, values };
  open.reports = reports.key;
  return { principal, session, open, openMask, values, reports };
}

/** The template key of an identity: the principal with placeholders in its open fields, and the session. */
function keyOf(identity: Identity): string {
  const { principal, session, open } = identity;
  if (principal.kind === 'anonymous') return ANONYMOUS_KEY;
  return `${session ?? ''}|${fieldsKey(principal as Record<string, unknown>, PRINCIPAL_FIELDS[principal.kind], open)}`;
}

const OPEN_BITS: Readonly<Record<string, number>> = { id: 1, accountId: 2, legalEntity: 4 };
const openBitsOf = (fields: readonly string[]): readonly number[] =>
  fields.map((field) => (Object.hasOwn(OPEN_BITS, field) ? OPEN_BITS[field]! : 0));
const FIELD_OPEN_BITS: Readonly<Record<string, readonly number[]>> = {
  contact: openBitsOf(PRINCIPAL_FIELDS.contact),
  user: openBitsOf(PRINCIPAL_FIELDS.user),
  anonymous: openBitsOf(PRINCIPAL_FIELDS.anonymous),
};

/**
 * Whether two identities surely have the same template key, compared field by field without writing the key:
 * the same session, the same open fields and, elsewhere, the same values (lists item by item). Anything it
 * cannot compare this way (an object in a list) answers `false`, and the key decides.
 */
function sameTemplate(left: Identity, right: Identity): boolean {
  const a = left.principal as unknown as Readonly<Record<string, unknown>>;
  const b = right.principal as unknown as Readonly<Record<string, unknown>>;
  if (a.kind !== b.kind || left.openMask !== right.openMask) return false;
  if (a.kind === 'anonymous') return true;
  if (left.session !== right.session) return false;
  const fields = PRINCIPAL_FIELDS[a.kind as ValidPrincipal['kind']];
  const bits = FIELD_OPEN_BITS[a.kind as ValidPrincipal['kind']]!;
  for (let position = 0; position < fields.length; position++) {
    if ((bits[position]! & left.openMask) !== 0) continue;
    const field = fields[position]!;
    const x = a[field];
    const y = b[field];
    // Objects (a user's reports) are never compared here: the same object may have changed since.
    if (x === y && (typeof x !== 'object' || x === null)) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let index = 0; index < x.length; index++) {
      if (x[index] !== y[index] || typeof x[index] === 'object') return false;
    }
  }
  return true;
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
const LEAF_KEYS = ['operator', 'field', 'value'] as const;
const GROUP_KEYS = ['operator', 'value'] as const;
const SHARE_KEYS = ['principals', 'privilege'] as const;
const SHARE_PROVENANCE_KEYS = ['kind', 'privilege', 'grantees', 'securityRole'] as const;

const sameKeys = (keys: readonly string[], expected: readonly string[]): boolean =>
  keys.length === expected.length && keys.every((key, index) => key === expected[index]);

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
    // A plain copy of the items, sliced per ability (one block copy), and only the items holding a
    // placeholder (a user's id among their teams) put in: reading and writing every item through the
    // same generic site for every list was a third of building a user's rules.
    const items = Array.from(value as readonly unknown[]);
    const positions = parts.flatMap((part, index) => (part === undefined ? [] : [index]));
    const putters = positions.map((index) => parts[index]!);
    if (items.length === keys.length && keys.every((key, index) => key === String(index))) {
      return (values) => {
        const copy = items.slice();
        for (let index = 0; index < positions.length; index++) {
          copy[positions[index]!] = putters[index]!(values);
        }
        return copy as T;
      };
    }
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
  // A condition as one literal, in the source's key order (`eq`, `in`… then `and`, `or`): built key by key,
  // each object went through a generic store per key.
  if (sameKeys(keys, LEAF_KEYS)) {
    const [operator, field, leaf] = LEAF_KEYS.map(part);
    return (values) => ({ operator: operator!(values), field: field!(values), value: leaf!(values) }) as T;
  }
  if (sameKeys(keys, GROUP_KEYS)) {
    const [operator, group] = GROUP_KEYS.map(part);
    return (values) => ({ operator: operator!(values), value: group!(values) }) as T;
  }
  // A share condition's value and a share's provenance: both name the user among the grantees.
  if (sameKeys(keys, SHARE_KEYS)) {
    const [principals, privilege] = SHARE_KEYS.map(part);
    return (values) => ({ principals: principals!(values), privilege: privilege!(values) }) as T;
  }
  if (sameKeys(keys, SHARE_PROVENANCE_KEYS)) {
    const [kind, privilege, grantees, securityRole] = SHARE_PROVENANCE_KEYS.map(part);
    return (values) =>
      ({
        kind: kind!(values),
        privilege: privilege!(values),
        grantees: grantees!(values),
        securityRole: securityRole!(values),
      }) as T;
  }
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
  return {
    compiled,
    bound: compiled.rules.map((rule) => instantiator(rule)),
    predicates: new Map(),
    untagged: new Map(),
  };
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

interface Templates {
  readonly byKey: Map<string, RuleTemplate>;
  // The templates used last, found by comparing identities, so that binding an ability writes and hashes no
  // key string.
  readonly recent: { identity: Identity; template: RuleTemplate }[];
  next: number;
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
    cache = { byKey: new Map(), recent: [], next: 0 };
    templates.set(index, cache);
  }
  const recent = cache.recent;
  for (let position = 0; position < recent.length; position++) {
    const entry = recent[position]!;
    if (sameTemplate(entry.identity, identity)) return entry.template;
  }
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
  if (recent.length < RECENT) recent.push(entry);
  else recent[cache.next] = entry;
  cache.next = (cache.next + 1) % RECENT;
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
  // A placeholder stays out of merged sets: a set holding one is rebuilt for every ability.
  const generated: GeneratedRules | undefined = generateRules(
    conditions as readonly Condition[],
    (value) => slotOf(value) < 0,
  );
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
