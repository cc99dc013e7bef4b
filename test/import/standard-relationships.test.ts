import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataverseKeyOf, STANDARD_RELATIONSHIPS } from '../../src/import/standard-relationships.js';

const GUIDE = readFileSync(new URL('../../docs/guide/import.md', import.meta.url), 'utf8');

/** The rows of the guide's sourced table: relationship, table, column, target, and the source it cites. */
function documentedRows(): {
  name: string;
  table: string;
  column: string;
  references: string;
  source: string;
}[] {
  const row = /^\| `(\w+)` \| `(\w+)\.(\w+)` \| `(\w+)` \| \[[^\]]+\]\(([^)]+)\) \|$/gm;
  return [...GUIDE.matchAll(row)].map(([, name, table, column, references, source]) => ({
    name: name!,
    table: table!,
    column: column!,
    references: references!,
    source: source!,
  }));
}

describe('the built-in table of standard relationships', () => {
  it('is exactly the sourced table of the import guide, each entry citing its referencing table', () => {
    const rows = documentedRows();
    expect(
      Object.fromEntries(
        rows.map(({ name, table, column, references }) => [name, { table, column, references }]),
      ),
    ).toEqual(STANDARD_RELATIONSHIPS);
    for (const { name, table, source } of rows)
      expect(source).toBe(
        `https://github.com/MicrosoftDocs/powerapps-docs/blob/main/powerapps-docs/developer/data-platform/reference/entities/${table}.md#BKMK_${name}`,
      );
    expect(rows.length).toBeGreaterThan(20);
  });

  it('the activity tables share the key activityid; any other table, an inherited name included, is keyed <table>id', () => {
    for (const table of ['activitypointer', 'appointment', 'email', 'fax', 'letter', 'phonecall', 'task'])
      expect(dataverseKeyOf(table), table).toBe('activityid');
    expect(dataverseKeyOf('salesorder')).toBe('salesorderid');
    expect(dataverseKeyOf('constructor')).toBe('constructorid');
  });
});
