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
