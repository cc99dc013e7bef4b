/**
 * Validating a large policy: 10,000 table permissions in parent chains over 1,000 web roles, against the same
 * count of global permissions (no chains) and against half the chained count, measured in the same run. A
 * linear parent lookup keeps the chained policy within a small factor of the flat one, and doubling the
 * permissions about doubles the time; a quadratic one would multiply it by four.
 * Run: `npm run bench -- define-policy` (or `node --import tsx bench/define-policy.ts` after `npm run build`).
 */
import { definePolicy, MAX_PARENT_DEPTH } from 'portal-permissions';
import { compare, table } from './harness.js';

const ROLES = 1_000;

/** `count` permissions on one table, in parent chains of the longest allowed depth when `chained`. */
function policyInput(count: number, chained: boolean) {
  const webRoles = Array.from({ length: ROLES }, (_, i) => ({ name: `role ${i}` }));
  const tablePermissions = Array.from({ length: count }, (_, i) => {
    const depth = chained ? i % MAX_PARENT_DEPTH : 0;
    const common = {
      name: `p${i}`,
      table: 'folder',
      privileges: ['read' as const],
      webRoles: [`role ${Math.floor(i / MAX_PARENT_DEPTH) % ROLES}`],
    };
    return depth === 0
      ? { ...common, scope: 'global' as const }
      : { ...common, scope: 'parent' as const, parent: `p${i - 1}` };
  });
  return { tables: { folder: { parent: { folder: 'parentFolderId' } } }, webRoles, tablePermissions };
}

const flat = policyInput(10_000, false);
const chained = policyInput(10_000, true);
const halfChained = policyInput(5_000, true);

const results = compare(
  [
    {
      name: '10,000 global permissions',
      operations: 1,
      round: () => definePolicy(flat).tablePermissions.length,
    },
    {
      name: '10,000 permissions in parent chains',
      operations: 1,
      round: () => definePolicy(chained).tablePermissions.length,
    },
    {
      name: '5,000 permissions in parent chains',
      operations: 1,
      round: () => definePolicy(halfChained).tablePermissions.length,
    },
  ],
  7,
  2,
);
console.log(table(results, '10,000 global permissions', 'µs'));
