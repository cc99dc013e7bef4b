import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/accounts/index.js';

const fieldsOf = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.records.map((record) => record.fields);
};

describe('parseCsv (RFC 4180)', () => {
  it('splits CRLF records and comma fields, ignoring the final line break', () => {
    expect(fieldsOf('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('accepts bare LF line breaks and keeps empty fields', () => {
    expect(fieldsOf('a,,c\n,,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and embedded line breaks', () => {
    expect(fieldsOf('"x, y","say ""hi""","two\r\nlines"\r\nz,"",w')).toEqual([
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['z', '', 'w'],
    ]);
  });

  it('reports the line each record starts on, counting line breaks inside quotes', () => {
    const result = parseCsv('h\r\n"a\r\nb"\r\n\r\nc\r\n');
    expect(result.ok && result.records.map((record) => [record.line, record.fields[0]])).toEqual([
      [1, 'h'],
      [2, 'a\r\nb'],
      [5, 'c'],
    ]);
  });

  it('reports an unclosed quote, a stray quote and text after a closing quote with line and column', () => {
    expect(parseCsv('a\r\n"open')).toEqual({
      ok: false,
      problems: [expect.objectContaining({ line: 2, message: expect.stringContaining('never closed') })],
    });
    expect(parseCsv('ab"c')).toEqual({
      ok: false,
      problems: [{ line: 1, column: 3, message: expect.stringContaining('unquoted') }],
    });
    expect(parseCsv('x\n"a"b')).toEqual({
      ok: false,
      problems: [{ line: 2, column: 4, message: expect.stringContaining('closing quote') }],
    });
  });
});
