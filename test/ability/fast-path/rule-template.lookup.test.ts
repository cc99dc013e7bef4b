import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CompiledPrincipal } from '../../../src/base/rule.js';
import { compilePrincipal } from '../../../src/compile/compile-principal.js';
import { definePolicy, type PolicyInput } from '../../../src/index.js';
import { policyIndexOf } from '../../../src/policy/define-policy.js';
import { parsePrincipal, type ValidPrincipal } from '../../../src/principal/principal.js';
import { customerPortalInput } from '../../fixtures/customer-portal.js';
import { internalInput, staff } from '../../fixtures/internal-users.js';
import { account, member, sharingInput } from '../../fixtures/sharing.js';

// What finding a template costs: the spies watch the very modules the template module calls. The mutation
// runs' setup (test/setup/fresh-rule-templates.ts) mocks the template module and keeps that mock across
// vi.resetModules, bound to the modules of its first load: it is unmocked here and every module loaded anew.
async function freshModules() {
  vi.doUnmock('../../../src/ability/fast-path/rule-template.js');
  vi.resetModules();
  const identity = await import('../../../src/ability/fast-path/identity.js');
  const codegen = await import('../../../src/ability/fast-path/codegen.js');
  const templates = await import('../../../src/ability/fast-path/rule-template.js');
  return { identity, codegen, templates };
}

afterEach(() => {
  vi.restoreAllMocks();
  // The modules loaded here were spied on: no later test may be handed them.
  vi.resetModules();
});

async function setup(input: PolicyInput) {
  const { identity, codegen, templates } = await freshModules();
  const policy = definePolicy(input);
  const index = policyIndexOf(policy);
  const compile = (standIn: ValidPrincipal): CompiledPrincipal =>
    compilePrincipal(policy, standIn, undefined);
  const calls = {
    keyOf: vi.spyOn(identity, 'keyOf'),
    sameTemplate: vi.spyOn(identity, 'sameTemplate'),
    generateRules: vi.spyOn(codegen, 'generateRules'),
    compileObjectRules: vi.spyOn(codegen, 'compileObjectRules'),
  };
  const bind = (principal: Parameters<typeof parsePrincipal>[0]) => {
    const found = identity.identityOf(index, parsePrincipal(principal), undefined);
    if (found === undefined) throw new Error('this principal compiles alone');
    return { template: templates.templateFor(index, found, compile), values: found.values };
  };
  return { calls, bind, templatePredicate: templates.templatePredicate };
}

const ROLES = ['Salesperson', 'Sales manager', 'Local reader', 'Deep reader'];
const userOf = (shape: number, id: string) =>
  staff(
    ROLES.filter((_, bit) => ((shape + 1) & (1 << bit)) !== 0),
    { id },
  );

// Four more web roles for contacts: every subset of them is a contact shape of its own.
const portalInput: PolicyInput = {
  ...customerPortalInput,
  webRoles: [...customerPortalInput.webRoles, ...ROLES.map((name) => ({ name }))],
};
const contactOf = (shape: number, id: string) =>
  ({
    kind: 'contact',
    id,
    accountId: 'X',
    webRoles: ROLES.filter((_, bit) => (shape & (1 << bit)) !== 0),
  }) as const;

describe('finding the template of a principal', () => {
  it('a user of one of the eight shapes bound last is found among them: no template key is written', async () => {
    const { calls, bind } = await setup(internalInput);
    // Nine shapes: the ninth takes the place of the first among the recent ones.
    for (let shape = 0; shape < 9; shape++) bind(userOf(shape, `u${shape}`));
    expect(calls.keyOf).toHaveBeenCalledTimes(9);
    for (let shape = 1; shape < 9; shape++) bind(userOf(shape, `v${shape}`));
    expect(calls.keyOf).toHaveBeenCalledTimes(9);
    // Users have no quick hash: the first shape, no longer recent, is found by its key.
    bind(userOf(0, 'w0'));
    expect(calls.keyOf).toHaveBeenCalledTimes(10);
  });

  it('a contact of a shape bound before, past the eight bound last, is found by its hash: no template key is written', async () => {
    const { calls, bind } = await setup(portalInput);
    const first = Array.from({ length: 12 }, (_, shape) => bind(contactOf(shape, `c${shape}`)).template);
    expect(calls.keyOf).toHaveBeenCalledTimes(12);
    const again = Array.from({ length: 12 }, (_, shape) => bind(contactOf(shape, `d${shape}`)).template);
    expect(calls.keyOf).toHaveBeenCalledTimes(12);
    expect(again.every((template, shape) => template === first[shape])).toBe(true);
  });

  it('compares a contact with at most the eight shapes bound last and the one its hash names, however many shapes were bound', async () => {
    const { calls, bind } = await setup(portalInput);
    for (let round = 0; round < 3; round++) {
      for (let shape = 0; shape < 15; shape++) {
        calls.sameTemplate.mockClear();
        bind(contactOf(shape, `c${round}-${shape}`));
        expect(calls.sameTemplate.mock.calls.length).toBeLessThanOrEqual(9);
      }
    }
    // Non-vacuity: a shape bound before but not among the recent ones is compared with all nine.
    calls.sameTemplate.mockClear();
    bind(contactOf(0, 'last'));
    expect(calls.sameTemplate).toHaveBeenCalledTimes(9);
  });
});

describe('the predicate of a template', () => {
  it('is generated once per action and table: binding it for later principals generates and compiles nothing', async () => {
    const { calls, bind, templatePredicate } = await setup(customerPortalInput);
    const contact = (id: string) =>
      ({ kind: 'contact', id, accountId: 'X', legalEntity: 'usmf', webRoles: ['Authorized user'] }) as const;
    const order = (orderedBy: string) => ({ id: `SO-${orderedBy}`, orderedBy, customerAccount: 'X' });
    const readers = ['a', 'b', 'c'].map((id) => {
      const { template, values } = bind(contact(id));
      return templatePredicate(template, values, 'read', 'salesorder');
    });
    expect(calls.generateRules).toHaveBeenCalledTimes(1);
    expect(calls.compileObjectRules).not.toHaveBeenCalled();
    expect(readers.map((reads) => ['a', 'b', 'c'].filter((id) => reads(order(id))))).toEqual([
      ['a'],
      ['b'],
      ['c'],
    ]);
  });

  it('that compares with a set holding the principal’s id is generated once too: each later principal gets a copy of the set with its id in', async () => {
    const { calls, bind, templatePredicate } = await setup(sharingInput);
    // The grantees of a share (the user and the team) are one set.
    const shared = (principal: string) => account(`A-${principal}`, [{ principal, privileges: ['read'] }]);
    const users = ['ulla', 'otto', 'sam'];
    const readers = users.map((id) => {
      const { template, values } = bind(member(id, ['Account reader'], { teams: ['key-accounts'] }));
      return templatePredicate(template, values, 'read', 'account');
    });
    expect(calls.generateRules).toHaveBeenCalledTimes(1);
    expect(calls.compileObjectRules).not.toHaveBeenCalled();
    const records = [...users, 'key-accounts', 'someone'].map(shared);
    expect(readers.map((reads) => records.filter((record) => reads(record)).map(({ id }) => id))).toEqual(
      users.map((id) => [`A-${id}`, 'A-key-accounts']),
    );
  });
});
