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

  it('stops counting once past the limit', () => {
    for (const depth of [blockDepth('- '.repeat(1_000), 10), flowDepth('['.repeat(1_000), 10)]) {
      expect(depth).toBeGreaterThan(10);
      expect(depth).toBeLessThanOrEqual(12);
    }
  });
});
