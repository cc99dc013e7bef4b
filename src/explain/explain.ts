import type { PortalAbility } from '../ability/ability.js';
import type {
  Action,
  ActionArgument,
  FieldArgument,
  PortalSubject,
  SubjectArgument,
} from '../ability/portal-subject.js';
import type { Condition } from '../base/condition.js';
import type { Denial, PortalRawRule, Provenance } from '../base/rule.js';
import { type ResolvedReports, resolveReports } from '../compile/hierarchy-reports.js';
import { ADMINISTRATIVE_OPERATIONS } from '../policy/administrative-role.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
import type { AccessMode } from '../principal/user.js';
import { accessModeNote, accessModePhrase } from './access-mode-note.js';
import {
  type ColumnDecision,
  type ColumnDenial,
  columnPhrase,
  decideColumn,
  type NotAColumn,
} from './column-explanation.js';
import { type ConditionFailure, whyNot } from './condition-failure.js';
import { type DormantGrant, dormantGrants } from './dormant-grants.js';
import { describeGrant, type GrantDescription } from './grant-describers.js';
import { describeHierarchyFor, leftOutPhrase } from './hierarchy-grant.js';
import { phraseFailures } from './phrase-failure.js';
import { type SharePath, withSharePath } from './share-path.js';

/** One grant of the principal that applies to the (action, table) asked about. */
export interface Grant extends GrantDescription {
  /** Where the grant comes from (web roles and table permission, security role…), as the rule carries it. */
  readonly provenance: Provenance;
  /** For a share that allowed the record: who it names and the related rows it cascaded through. */
  readonly sharePath?: SharePath;
}

/** A grant that exists for the action and table but does not cover this record, and why. */
export interface FailedGrant extends Grant {
  /** Every condition of the grant the record failed; only the compared fields, never the whole record. */
  readonly failures: readonly ConditionFailure[];
}

/** Why a decision is a denial. */
export type DenialReason =
  /** A principal gate denies everything before any grant is considered (disabled account, unlicensed…). */
  | { readonly code: 'gate'; readonly gate: Denial }
  /**
   * No grant of the principal gives this privilege on this table; `dormant` lists the permissions their
   * roles do hold here that cover nothing for them (a missing account, contact id…).
   */
  | {
      readonly code: 'no_grant';
      readonly dormant: readonly DormantGrant[];
      /**
       * An internal user's access mode keeps nothing of this privilege on this table (`automatic`: an
       * unlicensed Entra environment administrator put in administrative mode, seed 002).
       */
      readonly accessMode?: { readonly mode: AccessMode; readonly automatic: boolean };
    }
  /** Grants exist for this privilege and table, but none covers this record. */
  | { readonly code: 'no_matching_grant'; readonly grants: readonly FailedGrant[] }
  /** The row is allowed but column security denies the field asked about (`{ field }`). */
  | ColumnDenial
  /** The field asked about names no column (`__proto__`, `constructor`, `prototype`): never allowed. */
  | NotAColumn;

interface ExplanationBase {
  readonly action: string;
  readonly table: string;
  /** The record's key, when the question was about a record with a string key. */
  readonly recordKey?: string;
  /** The decision in one sentence, for people. */
  readonly message: string;
}

/** An allowed decision and every grant that allows it. */
export interface AllowedExplanation extends ExplanationBase {
  readonly allowed: true;
  readonly grants: readonly Grant[];
  /** With `{ field }`: how column security allows that field. */
  readonly column?: ColumnDecision;
}

/** A denied decision and why. */
export interface DeniedExplanation extends ExplanationBase {
  readonly allowed: false;
  readonly reason: DenialReason;
}

/** A decision of `ability.can` with its reasons. */
export type Explanation = AllowedExplanation | DeniedExplanation;

/** How the message names the principal and the record. */
export interface ExplainOptions {
  /** Defaults to `contact "sam"`, `an anonymous visitor`… */
  readonly principalLabel?: string;
  /** Defaults to `salesorder "SO-1"` (the record's key) or `a salesorder record`. */
  readonly recordLabel?: string;
  /** Explain `ability.can(action, record, field)`: the row decision, then the column profile that grants or is missing. */
  readonly field?: string;
}

interface RuleLike {
  readonly conditions?: Condition | undefined;
  readonly origin: PortalRawRule;
  readonly priority: number;
  /** CASL's check of this rule's conditions, through the ability's own `conditionsMatcher`. */
  readonly matchesConditions: (object: unknown) => boolean;
}

type LooseRulesFor = (action: string, table: string) => readonly RuleLike[];
type LooseDetect = (subject: unknown) => string;

function principalLabelOf(ability: PortalAbility): string {
  const principal = ability.principal as { readonly kind: string; readonly id?: unknown };
  if (principal.kind === 'anonymous') return 'an anonymous visitor';
  return typeof principal.id === 'string' ? `${principal.kind} "${principal.id}"` : `a ${principal.kind}`;
}

function recordKeyOf(ability: PortalAbility, table: string, record: unknown): string | undefined {
  const tables = ability.policy.tables as Readonly<Record<string, { readonly key: string } | undefined>>;
  // A tag such as `constructor` must not find Object.prototype's members.
  const key = (Object.hasOwn(tables, table) ? tables[table]?.key : undefined) ?? 'id';
  const value =
    typeof record === 'object' && record !== null && Object.hasOwn(record, key)
      ? (record as Record<string, unknown>)[key]
      : undefined;
  return typeof value === 'string' ? value : undefined;
}

function grantOf(rule: RuleLike, record?: unknown, ability?: PortalAbility): Grant {
  const provenance = rule.origin.provenance;
  // A hierarchy grant names the report whose row it is ("as manager of Dan"): only the record knows which.
  if (provenance.kind === 'hierarchy' && record !== undefined && ability?.principal.kind === 'user') {
    const { reached } = reportsOf(ability);
    const action = rule.origin.action[0] ?? 'read';
    return { ...describeHierarchyFor(provenance, record, action, reached), provenance };
  }
  return { ...describeGrant(provenance), provenance };
}

/** The reports the ability's user reaches through and the ones left out, as the compiler resolved them. */
function reportsOf(ability: PortalAbility): ResolvedReports {
  const principal = ability.principal;
  if (principal.kind !== 'user') return { reached: [], leftOut: [] };
  return resolveReports(ability.policy.hierarchy, policyIndexOf(ability.policy), principal);
}

/** Why a record of a report the compiler left out gives nothing, when it is one (ignored, but said). */
function leftOutOf(ability: PortalAbility, table: string, record: unknown): string | undefined {
  if (ability.policy.hierarchy === undefined || ability.principal.kind !== 'user') return undefined;
  const { leftOut } = reportsOf(ability);
  if (leftOut.length === 0) return undefined;
  const tables = ability.policy.tables as Readonly<Record<string, { readonly owner?: string } | undefined>>;
  return leftOutPhrase(leftOut, record, Object.hasOwn(tables, table) ? tables[table]?.owner : undefined);
}

function phraseGrant({ label, via, relationship }: GrantDescription): string {
  return `${label}${via === undefined ? '' : ` via ${via}`}${relationship === undefined ? '' : ` (through ${relationship})`}`;
}

// An administrative operation is refused by the administrative gate only: a data gate (no security role, no
// licence) says nothing about administering, and naming it would send the reader after the wrong fix.
function gateOf(ability: PortalAbility, action: string): Denial | undefined {
  return isAdministrative(action) ? ability.administrativeDenial : ability.denial;
}

const isAdministrative = (action: string): boolean =>
  (ADMINISTRATIVE_OPERATIONS as readonly string[]).includes(action);

function denialPhrase(reason: DenialReason, action: string, table: string): string {
  switch (reason.code) {
    case 'gate':
      return `${reason.gate.message} (${reason.gate.code})`;
    case 'no_grant':
      if (reason.accessMode !== undefined) return accessModePhrase(reason.accessMode, action, table);
      return reason.dormant.length === 0
        ? `none of their roles grants ${action} on ${table}`
        : reason.dormant
            .map(
              (grant) =>
                `table permission "${grant.tablePermission}" (${grant.scope} scope) covers no rows for them: it needs ${grant.missing}`,
            )
            .join('; ');
    case 'no_matching_grant':
      return reason.grants.map((grant) => `${grant.label} ${phraseFailures(grant.failures)}`).join('; ');
    case 'column_not_granted':
    case 'not_a_column':
      return columnPhrase(action, table, reason);
  }
}

/**
 * Explains `ability.can(action, subject)`: when allowed, every grant that allows it; when denied, the gate,
 * the missing grant, or each existing grant with the condition the record failed. The verdict is the
 * ability's own (`predicateFor`, as `can` decides a tagged record), so the two always agree.
 *
 * @example
 * const why = explain(abilityFor(policy, sam), 'read', subject('salesorder', janesOrder));
 * why.message; // contact "sam" cannot read salesorder "SO-1": table permission "My orders" (contact scope) requires orderedBy = "sam", the record has "jane"
 */
export function explain<
  TTypes extends PolicyTypesLike,
  TSubject extends PortalSubject,
  TAction extends string = Action,
  TField extends string = never,
>(
  ability: PortalAbility<TTypes>,
  action: ActionArgument<TTypes, TSubject, TAction>,
  subject: SubjectArgument<TTypes, TSubject>,
  options: ExplainOptions & { readonly field?: FieldArgument<TTypes, TSubject, TField> } = {},
): Explanation {
  return explainLoosely(
    ability as unknown as PortalAbility,
    action as Action,
    subject as PortalSubject,
    options,
  );
}

function explainLoosely(
  ability: PortalAbility,
  action: Action,
  subject: PortalSubject,
  options: ExplainOptions,
): Explanation {
  const isRecord = typeof subject === 'object' && subject !== null;
  const table = isRecord
    ? (ability.detectSubjectType as unknown as LooseDetect).call(ability, subject)
    : subject;
  const recordKey = isRecord ? recordKeyOf(ability, table, subject) : undefined;
  const principalLabel = Object.hasOwn(options, 'principalLabel') ? options.principalLabel : undefined;
  const recordLabel = Object.hasOwn(options, 'recordLabel') ? options.recordLabel : undefined;
  const field = Object.hasOwn(options, 'field') ? options.field : undefined;
  const who = principalLabel ?? principalLabelOf(ability);
  const row =
    recordLabel ??
    (isRecord
      ? recordKey === undefined
        ? `a ${table} record`
        : `${table} ${JSON.stringify(recordKey)}`
      : `${table} records`);
  const what = field === undefined ? row : `column ${field} of ${row}`;
  const base = { action, table, ...(recordKey === undefined ? {} : { recordKey }) };

  const leftOut = isRecord ? leftOutOf(ability, table, subject) : undefined;
  const deny = (reason: DenialReason): DeniedExplanation => ({
    ...base,
    allowed: false,
    reason,
    message: `${who} cannot ${action} ${what}: ${denialPhrase(reason, action, table)}${leftOut === undefined ? '' : `; ${leftOut}`}`,
  });
  // The verdict is the ability's own: for a tagged record the very predicate `can` runs, for a table name
  // CASL's answer (any rule, as for showing a button). The rules below only say which grants and why.
  const allowed = isRecord ? ability.predicateFor(action, table)(subject) : ability.can(action, subject);
  const rules = [...(ability.rulesFor as unknown as LooseRulesFor).call(ability, action, table)].sort(
    (a, b) => b.priority - a.priority,
  );
  if (!allowed) {
    // A gate denies data only: administrative rules a gated principal keeps still decide their own actions.
    if (rules.length === 0) {
      const gate = gateOf(ability, action);
      if (gate) return deny({ code: 'gate', gate });
      // Access modes filter data privileges; administrative operations are not data.
      const note = isAdministrative(action) ? undefined : accessModeNote(ability, action, table);
      return deny({
        code: 'no_grant',
        dormant: dormantGrants(ability, action, table),
        ...(note === undefined ? {} : { accessMode: note }),
      });
    }
    return deny({
      code: 'no_matching_grant',
      grants: rules.map((rule) => ({
        ...grantOf(rule),
        failures: rule.conditions ? whyNot(rule.conditions, subject) : [],
      })),
    });
  }
  const matching = isRecord ? rules.filter((rule) => rule.matchesConditions(subject)) : rules;
  const grants = isRecord
    ? matching.map((rule) => withSharePath(ability.policy, table, grantOf(rule, subject, ability), subject))
    : matching.map((rule) => grantOf(rule, undefined, ability));
  const rowPhrase = grants.map(phraseGrant).join('; ');
  if (field === undefined) {
    return { ...base, allowed: true, grants, message: `${who} can ${action} ${what}: ${rowPhrase}` };
  }
  const decision = decideColumn(ability, action, table, field);
  if (!decision.allowed) return deny(decision.denial);
  return {
    ...base,
    allowed: true,
    grants,
    column: decision.column,
    message: `${who} can ${action} ${what}: ${rowPhrase}; ${columnPhrase(action, table, decision.column)}`,
  };
}
