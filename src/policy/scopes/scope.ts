import type { Condition } from '../../base/condition.js';
import type { TableDefinition } from '../table.js';
import type { TablePermission } from '../table-permission.js';

/** The principal attributes scopes compare against; absent or empty values are `undefined`. */
export interface ScopeSubject {
  readonly contactId: string | undefined;
  readonly accountId: string | undefined;
  readonly legalEntity: string | undefined;
}

/** What a scope sees when it resolves its relationship field while the policy is validated. */
export interface RelationshipContext {
  readonly table: TableDefinition;
  readonly permission: {
    readonly name: string;
    readonly relationship?: string | undefined;
    readonly parent?: string | undefined;
  };
  readonly parentTable: TableDefinition | undefined;
  readonly contactTable: string;
}

/** The relationship field a scope uses, or what the policy author must add to make it usable. */
export type RelationshipResult =
  | { readonly field?: string; readonly manyToMany?: string; readonly problem?: undefined }
  | { readonly problem: string };

/** What a scope sees when it builds the condition for one principal. */
export interface ConditionContext {
  readonly table: TableDefinition;
  readonly permission: TablePermission;
  readonly subject: ScopeSubject;
  /** The parent permission's table and its coverage for the same principal, for parent scopes. */
  readonly parent: (() => { readonly table: TableDefinition; readonly coverage: Coverage }) | undefined;
}

/** Rows a permission covers for one principal: all of them, those matching a condition, or none. */
export type Coverage = true | Condition | null;

/** What a scope sees when it says what a principal lacks for it to cover any row. */
export interface MissingContext {
  readonly table: TableDefinition;
  readonly permission: TablePermission;
  readonly subject: ScopeSubject;
  /** The check is for `create`, whose post-image some scopes constrain further (D6). */
  readonly creating: boolean;
  /** The parent permission's name and what the principal lacks for it, for parent scopes. */
  readonly parent: (() => { readonly name: string; readonly missing: string | undefined }) | undefined;
}

/** What the principal lacks for a scope of a table: its account number, or its legal entity when the table has one. */
export function missingAccount(table: TableDefinition, subject: ScopeSubject): string | undefined {
  if (subject.accountId === undefined) return 'an account number';
  return table.legalEntity !== undefined && subject.legalEntity === undefined ? 'a legal entity' : undefined;
}

/** One scope (access type): how it finds its relationship and which rows it covers. */
export interface ScopeDefinition {
  readonly relationship: (context: RelationshipContext) => RelationshipResult;
  readonly coverage: (context: ConditionContext) => Coverage;
  /** Rows a new record (its post-image) may be created as, when stricter than `coverage` (D6). */
  readonly createCoverage?: (context: ConditionContext) => Coverage;
  /** What a principal lacks for this scope to cover any row (`an account number`), for explanations (D2). */
  readonly missing?: (context: MissingContext) => string | undefined;
}
