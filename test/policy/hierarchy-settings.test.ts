import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';

const base = { tables: { lead: { owner: 'ownerId' } } } as const;

describe('hierarchy settings', () => {
  it('hierarchy security is off unless the policy turns it on', () => {
    expect(definePolicy(base).hierarchy).toBeUndefined();
  });

  it('depth defaults to three levels and write depth to the direct reports', () => {
    expect(definePolicy({ ...base, hierarchy: { model: 'manager' } }).hierarchy).toEqual({
      model: 'manager',
      depth: 3,
      writeDepth: 1,
    });
  });

  it('a write depth deeper than the depth is refused at hierarchy.writeDepth', () => {
    expect(() =>
      definePolicy({ ...base, hierarchy: { model: 'position', depth: 2, writeDepth: 3 } }),
    ).toThrowError(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ code: 'write_depth_exceeds_depth', path: ['hierarchy', 'writeDepth'] }),
        ],
      }),
    );
  });

  it('an unknown model, a zero depth and an unknown key are refused with their paths', () => {
    const refused = (hierarchy: unknown) => {
      try {
        definePolicy({ ...base, hierarchy } as PolicyInput);
      } catch (error) {
        return (error as { issues: { path: unknown }[] }).issues.map((issue) => issue.path);
      }
      return [];
    };
    expect(refused({ model: 'matrix' })).toEqual([['hierarchy', 'model']]);
    expect(refused({ model: 'manager', depth: 0 })).toEqual([['hierarchy', 'depth']]);
    expect(refused({ model: 'manager', levels: 2 })).toEqual([['hierarchy']]);
  });
});
