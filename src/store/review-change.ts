import type { Action } from '../ability/portal-subject.js';
import type { TaggedRecord } from '../ability/subject.js';
import type { Policy } from '../policy/policy.js';
import type { Principal } from '../principal/principal.js';
import { type AccessChange, type AccessDiff, diffAccess } from '../review/diff-access.js';

/**
 * The people and records a change is reviewed on, by the label the review shows: typically the seed or a
 * sample of production (a contact of each web role, an internal user of each security role, a record of
 * each table and scope). A change that flips no decision here may still widen elsewhere: pick a sample
 * that covers every role, or add `proveNarrows`.
 */
export interface PolicyReviewSample {
  readonly principals: Readonly<Record<string, Principal>>;
  readonly records: Readonly<Record<string, TaggedRecord>>;
  /** The actions compared; every table-permission privilege by default. */
  readonly actions?: readonly Action[];
}

/** The review sample, or a function that loads it (called once per publish or preview). */
export type PolicyReview =
  | PolicyReviewSample
  | ((change: {
      readonly before: Policy | undefined;
      readonly after: Policy;
    }) => PolicyReviewSample | Promise<PolicyReviewSample>);

/**
 * A check that throws when `after` grants anything `before` does not, e.g. the testing entry's
 * `onlyNarrows` over generated principals and records. A throw counts as widening.
 */
export type NarrowingProof = (before: Policy, after: Policy) => void | Promise<void>;

/** What a change does, as the store judges it before writing. */
export interface ChangeReview {
  /** True when the change grants something new, or when the store cannot show that it does not. */
  readonly widens: boolean;
  /** Who gains what, or why the store cannot tell; empty when the change does not widen. */
  readonly findings: readonly string[];
  /** Who gains and loses what on the review sample; `undefined` without a sample or for the first version. */
  readonly diff: AccessDiff | undefined;
}

/** A version under review: its policy and the JSON the store writes (compared to tell identical documents). */
export interface ReviewedVersion {
  readonly policy: Policy;
  readonly json: string;
}

function phrase(principal: string, change: AccessChange): string {
  const column = change.field === undefined ? '' : ` column ${change.field} of`;
  return `${principal} gains ${change.action} on${column} ${change.record} (${change.table})`;
}

async function sampleOf(review: PolicyReview, before: Policy | undefined, after: Policy) {
  return typeof review === 'function' ? await review({ before, after }) : review;
}

function diffOn(sample: PolicyReviewSample, before: Policy, after: Policy): AccessDiff {
  return diffAccess(
    before,
    after,
    sample.principals,
    sample.records,
    sample.actions === undefined ? {} : { actions: sample.actions },
  );
}

async function proofFindings(prove: NarrowingProof, before: Policy, after: Policy): Promise<string[]> {
  try {
    await prove(before, after);
    return [];
  } catch (error) {
    return [`proveNarrows: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * Judges a change before it is written (fail closed): the first version widens (from no access at all); a
 * change widens when the sample shows someone gaining something or `proveNarrows` throws; with neither, any
 * change to the document counts as widening, because nothing shows that it does not.
 */
export async function reviewChange(
  before: ReviewedVersion | undefined,
  after: ReviewedVersion,
  review: PolicyReview | undefined,
  prove: NarrowingProof | undefined,
): Promise<ChangeReview> {
  const sample = review === undefined ? undefined : await sampleOf(review, before?.policy, after.policy);
  if (before === undefined) {
    return {
      widens: true,
      findings: ['the first version grants access where none was granted'],
      diff: undefined,
    };
  }
  const diff = sample === undefined ? undefined : diffOn(sample, before.policy, after.policy);
  const findings = (diff?.changes ?? []).flatMap((change) =>
    change.widened.map((widened) => phrase(change.principal, widened)),
  );
  if (prove !== undefined) findings.push(...(await proofFindings(prove, before.policy, after.policy)));
  if (sample === undefined && prove === undefined && before.json !== after.json) {
    findings.push(
      'the store has no review sample and no proveNarrows, so it cannot show that this change widens nothing',
    );
  }
  return { widens: findings.length > 0, findings, diff };
}
