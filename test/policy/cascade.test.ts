import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput } from '../../src/index.js';
import { MAX_CASCADE_PATHS, MAX_CASCADE_STEPS } from '../../src/policy/cascade.js';

const issuesOf = (input: PolicyInput): { code: string; path: string }[] => {
  try {
    definePolicy(input);
  } catch (error) {
    return (error as { issues: { code: string; path: (string | number)[] }[] }).issues.map((issue) => ({
      code: issue.code,
      path: issue.path.join('.'),
    }));
  }
  return [];
};

describe('cascade configurations of relationships', () => {
  it('a cascade from a parent relationship to a table with shares is accepted', () => {
    expect(
      issuesOf({
        tables: {
          account: { shares: 'sharedWith' },
          salesorder: { parent: { account: 'accountId' }, cascade: { account: { share: 'cascade' } } },
        },
      }),
    ).toEqual([]);
  });

  it('a cascade naming a table the record has no relationship to is refused, with the relationships it has', () => {
    const issues = issuesOf({
      tables: {
        account: { shares: 'sharedWith' },
        salesorder: { parent: { account: 'accountId' }, cascade: { acount: { share: 'cascade' } } },
      },
    });
    expect(issues).toEqual([
      { code: 'unknown_parent_relationship', path: 'tables.salesorder.cascade.acount' },
    ]);
  });

  it('a cascade from a parent that declares no shares field is refused (nothing could cascade)', () => {
    expect(
      issuesOf({
        tables: {
          account: {},
          salesorder: { parent: { account: 'accountId' }, cascade: { account: { share: 'cascade' } } },
        },
      }),
    ).toEqual([{ code: 'cascade_without_shares', path: 'tables.salesorder.cascade.account.share' }]);
  });

  it('noCascade and an absent share need no shares field on the parent', () => {
    expect(
      issuesOf({
        tables: {
          account: {},
          salesorder: { parent: { account: 'accountId' }, cascade: { account: { share: 'noCascade' } } },
          invoice: { parent: { account: 'accountId' }, cascade: { account: {} } },
        },
      }),
    ).toEqual([]);
  });

  it('shares cascading in a cycle, a self-relationship included, are refused instead of recursing', () => {
    expect(
      issuesOf({
        tables: {
          account: {
            shares: 's',
            parent: { account: 'parentAccountId' },
            cascade: { account: { share: 'cascade' } },
          },
        },
      }),
    ).toEqual([{ code: 'cascade_cycle', path: 'tables.account.cascade.account.share' }]);
    expect(
      issuesOf({
        tables: {
          a: { shares: 's', parent: { b: 'bId' }, cascade: { b: { share: 'cascade' } } },
          b: { shares: 's', parent: { a: 'aId' }, cascade: { a: { share: 'cascade' } } },
        },
      }).map((issue) => issue.code),
    ).toEqual(['cascade_cycle']);
  });

  it(`a chain of more than ${MAX_CASCADE_STEPS} cascading relationships is refused`, () => {
    const chain = (length: number): PolicyInput['tables'] =>
      Object.fromEntries(
        Array.from({ length }, (_, index) => [
          `t${index}`,
          index === 0
            ? { shares: 's' }
            : {
                shares: 's',
                parent: { [`t${index - 1}`]: 'parentId' },
                cascade: { [`t${index - 1}`]: { share: 'cascade' } },
              },
        ]),
      );
    expect(issuesOf({ tables: chain(MAX_CASCADE_STEPS + 1) })).toEqual([]);
    expect(issuesOf({ tables: chain(MAX_CASCADE_STEPS + 2) })).toEqual([
      { code: 'cascade_too_deep', path: `tables.t${MAX_CASCADE_STEPS + 1}.cascade` },
    ]);
  });

  it(`a table reached by more than ${MAX_CASCADE_PATHS} cascade paths (diamonds) is refused`, () => {
    // Each level has two tables that both cascade from both tables of the level above: 2^levels paths.
    const tables: Record<string, PolicyInput['tables'][string]> = { top: { shares: 's' } };
    let above = ['top'];
    for (let level = 0; level < 5; level++) {
      const here = [`l${level}a`, `l${level}b`];
      for (const name of here) {
        tables[name] = {
          shares: 's',
          parent: Object.fromEntries(above.map((parent) => [parent, `${parent}Id`])),
          cascade: Object.fromEntries(above.map((parent) => [parent, { share: 'cascade' as const }])),
        };
      }
      above = here;
    }
    const issues = issuesOf({ tables });
    expect(issues.map((issue) => issue.code)).toContain('cascade_too_many_paths');
    expect(issues.every((issue) => issue.code === 'cascade_too_many_paths')).toBe(true);
  });
});
