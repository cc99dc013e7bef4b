import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs an ES module script with node in the package directory, where `portal-permissions` names the package. */
function run(script: string): unknown {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

// Both builds in one process: `import` loads dist/index.js, `require` dist/index.cjs, two copies of every module.
const PRELUDE = `
  import { createRequire } from 'node:module';
  import * as esm from 'portal-permissions';
  import * as testing from 'portal-permissions/testing';
  const cjs = createRequire(import.meta.url)('portal-permissions');
  if (esm.definePolicy === cjs.definePolicy) throw new Error('expected two copies of the package');
  const input = {
    tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount' }, contact: {} },
    webRoles: [{ name: 'Rep' }, { name: 'Buyer' }],
    tablePermissions: [
      { name: 'Company orders', table: 'salesorder', scope: 'account', privileges: ['read'], webRoles: ['Rep'] },
      { name: 'My orders', table: 'salesorder', scope: 'contact', privileges: ['read', 'write'], webRoles: ['Buyer'] },
    ],
  };
  const contacts = [
    { kind: 'contact', id: 'jane', accountId: 'A', webRoles: ['Buyer'] },
    { kind: 'contact', id: 'rita', accountId: 'A', webRoles: ['Rep'] },
    { kind: 'anonymous' },
  ];
  const orders = [
    { id: 'SO-1', orderedBy: 'jane', customerAccount: 'A' },
    { id: 'SO-2', orderedBy: 'sam', customerAccount: 'A' },
    { id: 'SO-3', orderedBy: 'may', customerAccount: 'B' },
  ];
  /** Every answer one copy gives about a policy: record checks, the in-memory filter, SQL, explanations. */
  const answers = (copy, policy) => contacts.map((contact) => {
    const ability = copy.abilityFor(policy, contact);
    return {
      can: orders.map((order) => ['read', 'write'].map((action) => ability.can(action, copy.subject('salesorder', { ...order })))),
      visible: copy.filterAccessible(ability, 'read', 'salesorder', orders).map((order) => order.id),
      sql: copy.accessibleWhere(ability, 'read', 'salesorder', { dialect: 'postgres' }),
      why: copy.explain(ability, 'read', copy.subject('salesorder', { ...orders[1] })).message,
      cached: new copy.AbilityCache().abilityFor(policy, contact).can('read', copy.subject('salesorder', { ...orders[0] })),
    };
  });
`;

// Runs against dist/, built once for the whole run by the integration project's global setup.
describe('a policy made by one copy of the package (ESM or CommonJS build) works in the other', () => {
  it('a policy from the ES module build gives the same answers in the CommonJS build, and the other way round', () => {
    const result = run(`${PRELUDE}
      const fromEsm = esm.definePolicy(input);
      const fromCjs = cjs.definePolicy(input);
      console.log(JSON.stringify({
        esmPolicyInCjs: answers(cjs, fromEsm),
        cjsPolicyInEsm: answers(esm, fromCjs),
        own: answers(esm, fromEsm),
        ownCjs: answers(cjs, fromCjs),
      }));`) as Record<string, unknown>;
    expect(result.esmPolicyInCjs).toEqual(result.own);
    expect(result.cjsPolicyInEsm).toEqual(result.ownCjs);
    expect(result.own).toEqual(result.ownCjs);
  });

  it('the testing kit of one build checks a policy defined by the other', () => {
    const result = run(`${PRELUDE}
      await testing.assertAgreesWithReference(cjs.definePolicy(input), { runs: 30 });
      console.log(JSON.stringify(testing.policyInputOf(cjs.definePolicy(input)).tablePermissions.length));`);
    expect(result).toBe(2);
  });

  it('a forged policy is refused by both builds alike', () => {
    const result = run(`${PRELUDE}
      const genuine = esm.definePolicy(input);
      const forged = Object.freeze({ ...genuine, [Symbol.for('portal-permissions.policy-document')]: input,
        tablePermissions: [] });
      const codes = [esm, cjs].map((copy) => {
        try { copy.abilityFor(forged, contacts[0]); return 'accepted'; } catch (error) { return error.code; }
      });
      console.log(JSON.stringify(codes));`);
    expect(result).toEqual(['undefined_policy', 'undefined_policy']);
  });

  it('configure({ jitless: true }) in one build reaches the other', () => {
    const result = run(`${PRELUDE}
      esm.configure({ jitless: true });
      console.log(JSON.stringify(cjs.configure()));`);
    expect(result).toEqual({ jitless: true });
  });

  it('a slot the host sets before either build loads, then replaces by a frozen one, is what both builds read', () => {
    // Imported after the slot is set (static imports would run first).
    const result = run(`
      const key = Symbol.for('portal-permissions.config');
      globalThis[key] = { jitless: true };
      const esm = await import('portal-permissions');
      const { createRequire } = await import('node:module');
      const cjs = createRequire(import.meta.url)('portal-permissions');
      const before = [esm.configure().jitless, cjs.configure().jitless];
      globalThis[key] = Object.freeze({ jitless: false });
      const after = [esm.configure().jitless, cjs.configure().jitless];
      const locked = [esm, cjs].map((copy) => {
        try { copy.configure({ jitless: true }); return 'changed'; } catch (error) { return error.code; }
      });
      console.log(JSON.stringify({ before, after, locked }));`);
    expect(result).toEqual({
      before: [true, true],
      after: [false, false],
      locked: ['configuration_locked', 'configuration_locked'],
    });
  });
});
