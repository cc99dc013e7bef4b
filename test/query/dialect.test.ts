import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionWhere } from '../../src/query/condition-where.js';
import { dialects, quoteIdentifier } from '../../src/query/dialect.js';
import { conditionArb, treePolicy } from './trees.js';

describe('SQL dialects', () => {
  it('an identifier is double-quoted with embedded quotes doubled', () => {
    expect(quoteIdentifier('salesorder')).toBe('"salesorder"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteIdentifier('x" OR 1=1 --')).toBe('"x"" OR 1=1 --"');
  });

  it('postgres numbers its placeholders; sqlite uses positional ones', () => {
    expect([1, 7].map((position) => dialects.postgres.placeholder(position))).toEqual(['$1', '$7']);
    expect([1, 7].map((position) => dialects.sqlite.placeholder(position))).toEqual(['?', '?']);
  });

  it('a list is one array parameter on postgres and one JSON text on sqlite', () => {
    const values = ['a', "b'c", '"d"'];
    expect(dialects.postgres.listParameter(values)).toEqual(values);
    expect(dialects.postgres.listParameter(values)).not.toBe(values);
    expect(JSON.parse(dialects.sqlite.listParameter(values) as string)).toEqual(values);
  });
});

interface Group {
  readonly parts: (string | Group)[];
}

// Quoted names and literals are blanked first, so a parenthesis or an OR inside them is not read as SQL.
function groupsOf(sql: string): Group {
  const text = sql.replace(/"(?:[^"]|"")*"/g, '"n"').replace(/'(?:[^']|'')*'/g, "'v'");
  const stack: Group[] = [{ parts: [] }];
  let run = '';
  const flush = () => {
    if (run) stack.at(-1)!.parts.push(run);
    run = '';
  };
  for (const char of text) {
    if (char === '(') {
      flush();
      const group: Group = { parts: [] };
      stack.at(-1)!.parts.push(group);
      stack.push(group);
    } else if (char === ')') {
      flush();
      stack.pop();
    } else run += char;
  }
  flush();
  return stack[0]!;
}

/** Every subquery of `sql` with its shape and whether an OR of its own query level is above it. */
function subqueriesOf(sql: string): { shape: 'EXISTS' | 'IN' | 'ARRAY'; underOr: boolean }[] {
  const found: { shape: 'EXISTS' | 'IN' | 'ARRAY'; underOr: boolean }[] = [];
  const walk = (group: Group, inheritedOr: boolean): void => {
    const direct = group.parts.filter((part) => typeof part === 'string').join(' ');
    const startsQuery = /^\s*SELECT\b/.test(direct);
    const underOr = (startsQuery ? false : inheritedOr) || /\bOR\b/.test(direct);
    group.parts.forEach((part, index) => {
      if (typeof part === 'string') return;
      const before = group.parts[index - 1];
      const opensQuery = /^\s*SELECT\b/.test(String(part.parts[0] ?? ''));
      if (opensQuery && typeof before === 'string') {
        const shape = /EXISTS\s*$/.test(before) ? 'EXISTS' : /ARRAY\s*$/.test(before) ? 'ARRAY' : 'IN';
        found.push({ shape, underOr });
      }
      walk(part, underOr);
    });
  };
  walk(groupsOf(sql), false);
  return found;
}

describe('where PostgreSQL subqueries go', () => {
  it('the reader of shapes sees an EXISTS under an OR, and an array under an OR', () => {
    expect(subqueriesOf('("t"."a" = $1 OR EXISTS (SELECT 1 FROM "s" AS s1 WHERE s1."x" = \'(OR\'))')).toEqual(
      [{ shape: 'EXISTS', underOr: true }],
    );
    expect(
      subqueriesOf('("t"."a" = $1 OR "t"."id" = ANY(ARRAY(SELECT l1."r" FROM "l" AS l1 WHERE l1."c" = $2)))'),
    ).toEqual([{ shape: 'ARRAY', underOr: true }]);
    expect(
      subqueriesOf(
        '("t"."a" = $1 AND "t"."id" IN (SELECT l1."r" FROM "l" AS l1 WHERE (l1."c" = $2 OR l1."d" = $3)))',
      ),
    ).toEqual([{ shape: 'IN', underOr: false }]);
  });

  it('no generated PostgreSQL filter puts an EXISTS or IN (SELECT …) under an OR; those subqueries are arrays', () => {
    const seen = { existsAtTop: 0, arraysUnderOr: 0 };
    fc.assert(
      fc.property(conditionArb('t', 3), (condition) => {
        const { sql } = conditionWhere(treePolicy, 't', condition, { dialect: 'postgres' });
        for (const { shape, underOr } of subqueriesOf(sql)) {
          expect(underOr && shape !== 'ARRAY', sql).toBe(false);
          expect(!underOr && shape === 'ARRAY', sql).toBe(false);
          if (shape === 'EXISTS') seen.existsAtTop++;
          if (shape === 'ARRAY') seen.arraysUnderOr++;
        }
      }),
      { numRuns: 500 },
    );
    // Not vacuous: the random trees do put subqueries both at the top and under an OR.
    expect(seen.existsAtTop).toBeGreaterThan(20);
    expect(seen.arraysUnderOr).toBeGreaterThan(20);
  });
});
