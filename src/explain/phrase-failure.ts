import type {
  ConditionFailure,
  FoundValue,
  LinkedFailure,
  ParentFailure,
  SharedFailure,
} from './condition-failure.js';

const LIST_LIMIT = 5;

function phraseList(values: readonly string[]): string {
  const shown = values.slice(0, LIST_LIMIT).map((value) => JSON.stringify(value));
  return `(${shown.join(', ')}${values.length > LIST_LIMIT ? `, … ${values.length - LIST_LIMIT} more` : ''})`;
}

/** What `holder` (the record, the related row) has in `field`, in words. */
function phraseFound(holder: string, field: string, found: FoundValue): string {
  switch (found.kind) {
    case 'missing':
      return `${holder} has no ${field}`;
    case 'null':
      return `${holder}'s ${field} is null`;
    case 'string':
      return `${holder} has ${JSON.stringify(found.value)}`;
    default:
      return `${holder}'s ${field} is ${found.type === 'array' || found.type === 'object' ? 'an' : 'a'} ${found.type}, not a string`;
  }
}

function phraseParent(failure: ParentFailure, holder: string): string {
  const { field, table, key, found, problem } = failure;
  const reference = found.kind === 'string' ? ` (${field} = ${JSON.stringify(found.value)})` : '';
  switch (problem) {
    case 'reference_not_a_string':
      return `requires ${field} to reference a ${table} row, ${phraseFound(holder, field, found)}`;
    case 'reference_empty':
      return `requires ${field} to reference a ${table} row, ${holder}'s ${field} is empty`;
    case 'reference_ill_formed':
      return `requires ${field} to reference a ${table} row, ${holder}'s ${field} is not well-formed Unicode (an unpaired surrogate)`;
    case 'parent_missing':
      return `requires the ${table} row it references${reference} embedded under "${table}", ${holder} has none`;
    case 'parent_mismatch':
      return `requires the embedded ${table} row to be the one it references${reference}, ${phraseFound('the embedded row', key, failure.parentKey ?? { kind: 'missing' })}`;
    case 'parent_condition':
      return `requires the related ${table} row${reference} to be covered: ${phraseFailures(failure.failures ?? [], `the ${table} row`)}`;
  }
}

function phraseShared({ field, principals, privilege, problem }: SharedFailure, holder: string): string {
  const wanted = `a share with ${phraseList(principals)} for ${privilege}`;
  return problem === 'shares_missing'
    ? `requires ${wanted}, ${holder} has no list of shares in ${field}`
    : `requires ${wanted}, ${holder} has none`;
}

function phraseLinked({ field, relationship, id, problem, found }: LinkedFailure, holder: string): string {
  const wanted = `requires a link to ${JSON.stringify(id)} through ${relationship}`;
  if (problem === 'not_linked') return `${wanted}, ${holder}'s ${field} does not list it`;
  if (found.kind === 'missing' || found.kind === 'null')
    return `${wanted}, ${phraseFound(holder, field, found)}`;
  const type = found.kind === 'string' ? 'string' : found.type;
  return `${wanted}, ${holder}'s ${field} is ${type === 'object' ? 'an' : 'a'} ${type}, not a list of ids`;
}

/** One failed condition in words, e.g. `requires orderedBy = "sam", the record has "jane"`. */
export function phraseFailure(failure: ConditionFailure, holder = 'the record'): string {
  switch (failure.operator) {
    case 'eq':
      return `requires ${failure.field} = ${JSON.stringify(failure.expected)}, ${phraseFound(holder, failure.field, failure.found)}`;
    case 'in':
      return `requires ${failure.field} in ${phraseList(failure.expected)}, ${phraseFound(holder, failure.field, failure.found)}`;
    case 'parent':
      return phraseParent(failure, holder);
    case 'shared':
      return phraseShared(failure, holder);
    case 'linked':
      return phraseLinked(failure, holder);
    case 'or':
      return failure.alternatives.length === 0
        ? 'matches no record'
        : `requires one of: ${failure.alternatives.map((alternative) => `(${phraseFailures(alternative, holder)})`).join(' or ')}`;
    case 'unsupported':
      return `uses the unsupported operator "${failure.name}", which never matches`;
  }
}

/** Several failed conditions of one grant, joined. */
export function phraseFailures(failures: readonly ConditionFailure[], holder = 'the record'): string {
  return failures.map((failure) => phraseFailure(failure, holder)).join(' and ');
}
