import fc from 'fast-check';

/** A record as the kit's properties see it: any fields, any values (hostile ones included). */
export type RecordUnderTest = Readonly<Record<string, unknown>>;

/** A few generated records of each table, so one generated case exercises every table. */
export type RecordsByTable = readonly (readonly [string, readonly RecordUnderTest[]])[];

/** A few records (one to `maxPerTable`) of every table, each from `recordsOf(table)`. */
export function arbitraryRecordsByTable(
  tables: readonly string[],
  recordsOf: (table: string) => fc.Arbitrary<RecordUnderTest>,
  maxPerTable = 5,
): fc.Arbitrary<RecordsByTable> {
  return fc.tuple(
    ...tables.map((table) =>
      fc
        .array(recordsOf(table), { minLength: 1, maxLength: maxPerTable })
        .map((records) => [table, records] as const),
    ),
  );
}
