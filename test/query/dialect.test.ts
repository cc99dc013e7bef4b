import { describe, expect, it } from 'vitest';
import { dialects, quoteIdentifier } from '../../src/query/dialect.js';

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
