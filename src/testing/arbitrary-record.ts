import fc from 'fast-check';
import type { TableArgument } from '../ability/portal-subject.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike } from '../policy/policy-types.js';
import { arbitraryLinks, LINKS_MISSING } from './arbitrary-links.js';
import { arbitrarySharesField } from './arbitrary-shares.js';
import { documentOf, type PolicyUnderTest } from './policy-under-test.js';
import {
  keyFieldOf,
  manyToManyFields,
  ownerPoolOf,
  parentTablesOf,
  referenceFields,
  scalarFields,
  sharesFieldOf,
} from './record-fields.js';
import { HOSTILE_VALUES, RECORD_KEYS } from './value-pools.js';

/*
 * Records of a given policy's tables, as `can` sees them: relationship fields from the pools principals
 * draw from, or a hostile value, and parents embedded under their table's name (D15).
 */

/** The most parents deep a generated record embeds; the policy's own parent chains are bounded too. */
export const GENERATED_RECORD_DEPTH = 3;

const MISSING = Symbol('missing');

type Row = Record<string, unknown>;

/** A pooled value most of the time, otherwise a hostile value or a missing field. */
function fieldValue(pool: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...pool), weight: 10 },
    { arbitrary: fc.constantFrom(...HOSTILE_VALUES), weight: 2 },
    { arbitrary: fc.constant(MISSING), weight: 1 },
  );
}

type ParentLink = 'match' | 'mismatch' | 'missing' | 'primitive' | 'null';

function linkParent(
  record: Row,
  parentTable: string,
  parent: unknown,
  link: ParentLink,
  refs: readonly string[],
  key: string,
): void {
  if (link === 'missing') return;
  if (link === 'null' || link === 'primitive') {
    record[parentTable] = link === 'null' ? null : 'k1';
    return;
  }
  const embedded = { ...(parent as Row) };
  record[parentTable] = embedded;
  if (link === 'match') {
    // Keep whatever key the parent has (hostile values included) so the child names exactly that.
    const id = Object.hasOwn(embedded, key) ? embedded[key] : 'k1';
    embedded[key] = id;
    for (const ref of refs) record[ref] = id;
  } else {
    for (const ref of refs) if (record[ref] === embedded[key]) record[ref] = `${String(embedded[key])}-other`;
  }
}

/**
 * Records that fit a table of a policy: every relationship field from the shared pools, or null, missing,
 * a number, a padded id or an operator object; shares (when the table declares them) with generated users
 * and the policy's teams, or malformed ones; and for each parent table an embedded parent record that
 * matches the child's reference, names another row, is missing, null or a primitive (D15), `depth` deep.
 * For a policy from `definePolicy`, a table written literally must be one it declares.
 *
 * @example
 * fc.assert(fc.property(arbitraryRecord(input, 'salesorder'), (order) => ...));
 */
export function arbitraryRecord<TTypes extends PolicyTypesLike = PolicyTypes, TTable extends string = string>(
  policyUnderTest: Policy<TTypes> | PolicyUnderTest,
  tableName: TableArgument<TTypes, TTable>,
  depth = GENERATED_RECORD_DEPTH,
): fc.Arbitrary<Row> {
  const policy = documentOf(policyUnderTest);
  const fields = [...scalarFields(policy, tableName)];
  const parentTables = depth > 0 ? parentTablesOf(policy, tableName) : [];
  for (const parentTable of parentTables) {
    for (const ref of referenceFields(policy, tableName, parentTable)) fields.push([ref, RECORD_KEYS]);
  }
  const links = parentTables.map((parentTable) =>
    fc.tuple(
      arbitraryRecord(policy, parentTable, depth - 1),
      fc.constantFrom<ParentLink>(
        'match',
        'match',
        'match',
        'match',
        'match',
        'mismatch',
        'missing',
        'primitive',
        'null',
      ),
    ),
  );
  const sharesField = sharesFieldOf(policy, tableName);
  const shares =
    sharesField === undefined
      ? fc.constant(MISSING)
      : fc.oneof(
          { arbitrary: arbitrarySharesField(ownerPoolOf(policy)), weight: 8 },
          { arbitrary: fc.constant(MISSING), weight: 1 },
        );
  const lists = [...manyToManyFields(policy, tableName)];
  return fc
    .tuple(
      fc.tuple(...fields.map(([, pool]) => fieldValue(pool))),
      fc.tuple(...links),
      shares,
      fc.tuple(...lists.map(([, { pool }]) => arbitraryLinks(pool))),
    )
    .map(([values, parents, sharedWith, linked]) => {
      const record: Row = {};
      lists.forEach(([field], index) => {
        if (linked[index] !== LINKS_MISSING) record[field] = linked[index];
      });
      if (sharesField !== undefined && sharedWith !== MISSING) record[sharesField] = sharedWith;
      fields.forEach(([field], index) => {
        if (values[index] !== MISSING) record[field] = values[index];
      });
      parents.forEach(([parent, link], index) => {
        const parentTable = parentTables[index]!;
        const refs = referenceFields(policy, tableName, parentTable);
        linkParent(record, parentTable, parent, link, refs, keyFieldOf(policy, parentTable));
      });
      return record;
    });
}
