import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';

const base = { tables: { lead: { owner: 'ownerId' } } } as const;

describe('hierarchy settings', () => {
  it('hierarchy security is off unless the policy turns it on', () => {
    expect(definePolicy(base).hierarchy).toBeUndefined();
  });

  it('depth defaults to three levels, write depth to the direct reports, and disabled reports are left out', () => {
    expect(definePolicy({ ...base, hierarchy: { model: 'manager' } }).hierarchy).toEqual({
      model: 'manager',
      depth: 3,
      writeDepth: 1,
      includeDisabledReports: false,
    });
  });

  it('includeDisabledReports turns on disabled reports', () => {
    expect(
      definePolicy({ ...base, hierarchy: { model: 'manager', includeDisabledReports: true } }).hierarchy
        ?.includeDisabledReports,
    ).toBe(true);
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

  it('an unknown model, a zero depth, an unknown key and a mistyped includeDisabledReports are refused with their paths', () => {
    const refused = (hierarchy: unknown) => {
      try {
        definePolicy({ ...base, hierarchy } as PolicyInput);
      } catch (error) {
        return (error as { issues: { path: unknown }[] }).issues.map((issue) => issue.path);
      }
      return [];
    };
    expect(refused({ model: 'matrix' })).toEqual([['hierarchy', 'model']]);
    expect(refused({ model: 'manager', includeDisabledReports: 'yes' })).toEqual([
      ['hierarchy', 'includeDisabledReports'],
    ]);
    expect(refused({ model: 'manager', depth: 0 })).toEqual([['hierarchy', 'depth']]);
    expect(refused({ model: 'manager', levels: 2 })).toEqual([['hierarchy']]);
  });
});
