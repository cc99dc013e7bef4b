import type fc from 'fast-check';
import type { ErrorCode } from '../base/error-codes.js';
import { PortalPermissionsError } from '../base/errors.js';

/** The smallest case fast-check found that breaks a property, in the words of the policy. */
export interface CounterExample {
  readonly principal: unknown;
  readonly action: string;
  readonly table: string;
  readonly record: unknown;
  /** `explain`'s sentence about the decision that broke the property, naming the grant responsible. */
  readonly explanation: string;
}

/** What a property found wrong with one generated case. */
export interface Finding {
  /** Stable code of the broken property, e.g. `forbidden_access`. */
  readonly code: ErrorCode;
  /** One sentence: what went wrong. */
  readonly summary: string;
  readonly counterexample: CounterExample;
  /** Further lines worth reading (the other side of a comparison, the invariant's source…). */
  readonly details?: readonly string[];
}

/** How to run a property again on the very case that failed. */
export interface Replay {
  readonly seed: number;
  readonly path: string;
}

/** Options every kit property takes. */
export interface PropertyOptions {
  /** How many generated cases to try; 200 by default. */
  readonly runs?: number;
  /** Replays a failure: the seed (and path) printed in a `PolicyPropertyError` message. */
  readonly seed?: number;
  readonly path?: string;
}

/**
 * Thrown by the kit's assertions when a property of a policy fails: the message shows the shrunk
 * counter-example (principal, action, record, and the grant responsible) and how to replay it.
 */
export class PolicyPropertyError extends PortalPermissionsError {
  override readonly name: string = 'PolicyPropertyError';
  /** The shrunk case; absent when the property failed by throwing before a case could be described. */
  readonly counterexample: CounterExample | undefined;
  readonly replay: Replay;

  constructor(code: ErrorCode, message: string, counterexample: CounterExample | undefined, replay: Replay) {
    super(code, message);
    this.counterexample = counterexample;
    this.replay = replay;
  }
}

/** The fast-check parameters for the kit's options. */
export function parametersOf<Ts>(options: PropertyOptions): fc.Parameters<Ts> {
  return {
    numRuns: options.runs ?? 200,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  };
}

/** Compact JSON for a message; `undefined` fields vanish as they would from a database row. */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function describe(finding: Finding): string[] {
  const { principal, action, table, record, explanation } = finding.counterexample;
  return [
    finding.summary,
    `  principal:   ${show(principal)}`,
    `  action:      ${action}`,
    `  table:       ${table}`,
    `  record:      ${show(record)}`,
    `  explanation: ${explanation}`,
    ...(finding.details ?? []).map((line) => `  ${line}`),
  ];
}

/**
 * Throws a `PolicyPropertyError` when fast-check's run failed: `diagnosis` is the finding for the shrunk
 * counter-example, or the error the property threw on it.
 */
export function throwIfFailed(
  details: fc.RunDetails<unknown>,
  property: string,
  diagnosis: Finding | Error | undefined,
): void {
  if (!details.failed) return;
  const replay = { seed: details.seed, path: details.counterexamplePath ?? '' };
  const footer = `Found after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s); replay with { seed: ${replay.seed}, path: ${JSON.stringify(replay.path)} }.`;
  if (diagnosis === undefined || diagnosis instanceof Error) {
    const cause = diagnosis ?? details.errorInstance;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new PolicyPropertyError(
      'property_error',
      `${property} could not run on a generated case: ${message}\n  case: ${show(details.counterexample)}\n${footer}`,
      undefined,
      replay,
    );
  }
  throw new PolicyPropertyError(
    diagnosis.code,
    `${property} failed: ${describe(diagnosis).join('\n')}\n${footer}`,
    diagnosis.counterexample,
    replay,
  );
}
