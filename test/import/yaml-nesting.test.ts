import { describe, expect, it } from 'vitest';
import { blockDepth, flowDepth } from '../../src/import/yaml-nesting.js';

describe('measuring YAML nesting before parsing', () => {
  it('a flat site record nests two levels, its block scalar text not counted', () => {
    const record = [
      'id: 1',
      'name: Home',
      'adx_entitypermission_webrole:',
      '- a',
      '- b',
      'copy: |',
      `${' '.repeat(120)}<div>`,
      `${' '.repeat(160)}<span>deep html is text</span>`,
      'title: Home',
      '',
    ].join('\n');
    expect(blockDepth(record, 64)).toBe(2);
    expect(flowDepth(record, 64)).toBe(0);
  });

  it('each compact indicator and each deeper indentation opens a level', () => {
    expect(blockDepth('- - - x', 64)).toBe(4);
    expect(blockDepth('a:\n  b:\n    c:\n      d: x', 64)).toBe(4);
    expect(flowDepth('a: [[{b: [x]}]]', 64)).toBe(4);
  });

  it('stops counting once past the limit, on one line or over many', () => {
    const staircase = Array.from({ length: 1_000 }, (_, level) => `${' '.repeat(level)}a:`).join('\n');
    for (const depth of [
      blockDepth('- '.repeat(1_000), 10),
      blockDepth(staircase, 10),
      flowDepth('['.repeat(1_000), 10),
    ]) {
      expect(depth).toBeGreaterThan(10);
      expect(depth).toBeLessThanOrEqual(12);
    }
  });

  it('brackets inside quoted text are not nesting, escaped quotes included; unmatched closers count nothing', () => {
    expect(flowDepth('a: "x\\"[[["', 64)).toBe(0);
    expect(flowDepth("a: 'it''s ['", 64)).toBe(0);
    expect(flowDepth(']]][', 64)).toBe(1);
    expect(flowDepth('a: [b, {c: d}]\nb: [e]', 64)).toBe(2);
    expect(flowDepth('[a]\n[b]', 64)).toBe(1);
  });

  it('explicit keys and values open levels like list items; a dash glued to text is text', () => {
    expect(blockDepth('? a\n: b', 64)).toBe(2);
    expect(blockDepth('- ? a\n  : b', 64)).toBe(3);
    expect(blockDepth('-x\n-y', 64)).toBe(1);
    expect(blockDepth('a:\n  - b\n    - c', 64)).toBe(4);
  });

  it('a shallower line closes the deeper levels; Windows line ends and comments are not structure', () => {
    expect(blockDepth('a:\n  b:\n  c:\n d: x', 64)).toBe(2);
    expect(blockDepth('a:\r\n  b:\r\n    c: x', 64)).toBe(3);
    expect(blockDepth('# c\n      # an indented comment\na: x', 64)).toBe(1);
  });

  it('folded and indented block scalars hold text until a line as shallow as their key', () => {
    expect(blockDepth('a: >-\n        deep\n          deeper\nb: x', 64)).toBe(1);
    expect(blockDepth('a: |2\n   x\n     y', 64)).toBe(1);
    expect(blockDepth('a: |\n    text\nb:\n  c:\n    d: x', 64)).toBe(3);
  });

  it('a backslash escapes nothing in single quotes, and a closing brace closes a level like a bracket', () => {
    expect(flowDepth("a: 'x\\' [b]", 64)).toBe(1);
    expect(flowDepth('{a: 1}\n{b: 2}', 64)).toBe(1);
  });

  it('chains of each indicator open a level per indicator, one at the end of a line and one after several spaces included', () => {
    expect(blockDepth('? ? ? x', 64)).toBe(4);
    expect(blockDepth('? a\n: - - b', 64)).toBe(4);
    expect(blockDepth('- - -', 64)).toBe(4);
    expect(blockDepth('-   -   x', 64)).toBe(3);
  });

  it('a blank line inside a block closes no level', () => {
    expect(blockDepth('a:\n  b:\n\n    c:\n      d: x', 64)).toBe(4);
  });

  it('a block scalar with a comment after its indicator still holds text; a | or > inside text opens none', () => {
    expect(blockDepth('a: | # text follows\n    deep:\n      deeper: x\nb: x', 64)).toBe(1);
    expect(blockDepth('pages:\n- title: Q | A\n  children:\n    - x', 64)).toBe(4);
    expect(blockDepth('pages:\n- title: Q|\n  children:\n    - x', 64)).toBe(4);
  });

  it('a double-quoted string ends at its closing quote, an escaped backslash before it included', () => {
    expect(flowDepth('a: "xy" [b]', 64)).toBe(1);
    expect(flowDepth('a: "x\\\\" [b]', 64)).toBe(1);
  });

  it('a comment or a line of spaces indented past its block opens no level', () => {
    expect(blockDepth('a:\n  b:\n      # a comment\n', 64)).toBe(2);
    expect(blockDepth('a:\n  b:\n        \n', 64)).toBe(2);
  });

  it('a document that is one block scalar is text, whatever its lines look like', () => {
    expect(blockDepth('|\n  a:\n    b: x', 64)).toBe(1);
    expect(blockDepth('>-\n  a:\n    b: x', 64)).toBe(1);
  });
});
