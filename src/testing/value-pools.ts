/*
 * The values generated principals and records share. Pools are small so that a principal's id or account
 * and a record's relationship field are often equal and scopes actually match; hostile values are the ones
 * that break naive matchers.
 */

/** Contact ids, account numbers and legal entities drawn by principals and records alike. */
export const VALUE_POOLS = {
  contactIds: ['c1', '42'],
  accountIds: ['A', 'B'],
  legalEntities: ['usmf', 'demf'],
  userIds: ['u1', 'u2'],
} as const;

/** Keys of rows that are not contacts; contact ids are among them so a wrong join would show. */
export const RECORD_KEYS: readonly string[] = ['k1', 'k2', ...VALUE_POOLS.contactIds];

/** Values that must never match anything a principal holds (RELIABILITY 2, 4, 6). */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  '',
  42,
  ' 42',
  '42abc',
  ' c1',
  { $ne: null },
  { $regex: '.*' },
  ['c1'],
];

/** The hostile values a text column can hold: what a database gives back instead of a number or an object. */
export const HOSTILE_STRINGS: readonly string[] = ['', ' 42', '42abc', ' c1', "c1' OR '1'='1"];
