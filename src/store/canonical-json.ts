import { definePolicy } from '../policy/define-policy.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyInput } from '../policy/schema.js';

/**
 * JSON with every object's keys sorted, so two documents with the same content compare equal whatever
 * order their keys came in (PostgreSQL's jsonb stores keys in an order of its own). Arrays keep their order:
 * it is part of a policy (rules follow policy order).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.keys(value)
    .sort()
    .map((key): [string, unknown] => [key, sorted((value as Record<string, unknown>)[key])]);
  // defineProperty-free construction: a "__proto__" key must stay an own key, never a prototype.
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, item] of entries) copy[key] = item;
  return copy;
}

/**
 * Validates a document in its canonical form, so that the same content gives the same policy (and the same
 * `policy.version`) in every process and after a rollback, whatever key order the database returned.
 */
export function canonicalPolicy(document: unknown): { readonly policy: Policy; readonly json: string } {
  const json = canonicalJson(document);
  return { policy: definePolicy(JSON.parse(json) as PolicyInput), json };
}
