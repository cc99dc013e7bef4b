import fc from 'fast-check';
import type { ColumnAction } from '../base/column-access.js';
import type { PolicyInput } from '../policy/schema.js';

/** Column names the generated grants draw from, besides the fields a table's records carry. */
export const GENERATED_COLUMNS: readonly string[] = ['price', 'total', 'note'];

const actions = fc.subarray<ColumnAction>(['read', 'create', 'update']);

/** Column names a generated grant may name on `table`: its declared fields, else the pool. */
function columnPool(policy: PolicyInput, table: string): readonly string[] {
  return policy.tables[table]?.fields ?? GENERATED_COLUMNS;
}

/**
 * Adds random column permissions to a portal policy (SPEC 1.7): per table, none or a few profiles linked to
 * random web roles, with or without `allColumns`, naming random columns with random actions.
 */
export function withArbitraryColumnPermissions(policy: PolicyInput): fc.Arbitrary<PolicyInput> {
  const roles = (policy.webRoles ?? []).map((role) => role.name);
  const tables = Object.keys(policy.tables);
  const profile = (table: string) =>
    fc.record(
      {
        webRoles: fc.subarray(roles),
        allColumns: actions,
        columns: fc.dictionary(fc.constantFrom(...columnPool(policy, table)), actions, { maxKeys: 3 }),
      },
      { requiredKeys: ['webRoles'] },
    );
  return fc.tuple(...tables.map((table) => fc.array(profile(table), { maxLength: 2 }))).map((byTable) => ({
    ...policy,
    columnPermissions: byTable.flatMap((profiles, position) =>
      profiles.map((generated, index) => ({
        name: `cp${position}-${index}`,
        table: tables[position]!,
        ...generated,
      })),
    ),
  }));
}

/**
 * Adds random Dataverse column security to a policy (SPEC 2.8): secured columns on some tables, profiles
 * granting random actions on them, held by random non-access teams.
 */
export function withArbitraryColumnSecurity(policy: PolicyInput): fc.Arbitrary<PolicyInput> {
  const tables = Object.keys(policy.tables);
  return fc
    .record({
      secured: fc.tuple(...tables.map((table) => fc.subarray([...columnPool(policy, table)]))),
      profiles: fc.array(
        fc.tuple(
          ...tables.map((table) =>
            fc.dictionary(fc.constantFrom(...columnPool(policy, table)), actions, { maxKeys: 3 }),
          ),
        ),
        { maxLength: 3 },
      ),
      teamProfiles: fc.array(fc.nat(), {
        minLength: (policy.teams ?? []).length,
        maxLength: (policy.teams ?? []).length,
      }),
    })
    .map(({ secured, profiles, teamProfiles }) => {
      const securedOf = (position: number) => secured[position]!;
      const columnSecurityProfiles = profiles.map((byTable, index) => ({
        name: `csp${index}`,
        columns: Object.fromEntries(
          byTable.flatMap((columns, position) => {
            // A profile may only name secured columns of the table.
            const kept = Object.entries(columns).filter(([column]) => securedOf(position).includes(column));
            return kept.length === 0 ? [] : [[tables[position]!, Object.fromEntries(kept)]];
          }),
        ),
      }));
      const names = columnSecurityProfiles.map((profile) => profile.name);
      return {
        ...policy,
        tables: Object.fromEntries(
          tables.map((table, position) => [
            table,
            securedOf(position).length === 0
              ? policy.tables[table]!
              : { ...policy.tables[table]!, securedColumns: securedOf(position) },
          ]),
        ),
        teams: (policy.teams ?? []).map((team, index) =>
          team.type === 'access' || names.length === 0
            ? team
            : {
                ...team,
                columnSecurityProfiles: names.filter((_, position) => (teamProfiles[index]! >> position) & 1),
              },
        ),
        columnSecurityProfiles,
      };
    });
}
