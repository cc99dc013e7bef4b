import { describe, expect, it } from 'vitest';
import { identityOf, quickHashOf, sameTemplate } from '../../../src/ability/fast-path/identity.js';
import {
  type RuleTemplate,
  rulesOf,
  templateFor,
  templatePredicate,
} from '../../../src/ability/fast-path/rule-template.js';
import type { CompiledPrincipal } from '../../../src/base/rule.js';
import { compilePrincipal } from '../../../src/compile/compile-principal.js';
import { abilityFor, definePolicy, type Policy, type PolicyInput, subject } from '../../../src/index.js';
import { policyIndexOf } from '../../../src/policy/define-policy.js';
import { parsePrincipal, type ValidPrincipal } from '../../../src/principal/principal.js';
import { customerPortalInput } from '../../fixtures/customer-portal.js';
import { internalInput, staff } from '../../fixtures/internal-users.js';

// Ten more web roles: every subset of them is a contact shape of its own (1,024 of them).
const ROLES = Array.from({ length: 10 }, (_, bit) => `Role ${bit}`);
const portalInput: PolicyInput = {
  ...customerPortalInput,
  webRoles: [...customerPortalInput.webRoles, ...ROLES.map((name) => ({ name }))],
};

/** A policy of its own (the template cache is per policy) and a compile that counts its calls. */
function setup(input: PolicyInput = portalInput) {
  const policy: Policy = definePolicy(input);
  const index = policyIndexOf(policy);
  const compiled: ValidPrincipal[] = [];
  const compile = (standIn: ValidPrincipal): CompiledPrincipal => {
    compiled.push(standIn);
    return compilePrincipal(policy, standIn, undefined);
  };
  const templateOf = (principal: Parameters<typeof parsePrincipal>[0]): RuleTemplate => {
    const identity = identityOf(index, parsePrincipal(principal), undefined);
    if (identity === undefined) throw new Error('this principal compiles alone');
    return templateFor(index, identity, compile);
  };
  return { policy, compiled, templateOf };
}

const contactOf = (shape: number, id = `c${shape}`) =>
  ({
    kind: 'contact',
    id,
    accountId: 'X',
    webRoles: ROLES.filter((_, bit) => (shape & (1 << bit)) !== 0),
  }) as const;

describe('the templates of a policy', () => {
  it('compile each shape once: a user of a shape met before, past the eight used last, is given the template compiled then', () => {
    const { compiled, templateOf } = setup(internalInput);
    const roles = ['Salesperson', 'Sales manager', 'Local reader', 'Deep reader'];
    // Users have no quick hash: past the recent list, only the keyed map finds their template.
    const shapes = Array.from({ length: 12 }, (_, shape) =>
      roles.filter((_, bit) => ((shape + 1) & (1 << bit)) !== 0),
    );
    const first = shapes.map((shape, n) => templateOf(staff(shape, { id: `u${n}` })));
    expect(compiled).toHaveLength(shapes.length);
    const again = shapes.map((shape, n) => templateOf(staff(shape, { id: `v${n}` })));
    expect(compiled).toHaveLength(shapes.length);
    expect(again.every((template, n) => template === first[n])).toBe(true);
    expect(new Set(first).size).toBe(shapes.length);
  });

  it('a contact of a shape met before, past the eight used last, is given the template compiled then', () => {
    const { compiled, templateOf } = setup();
    const first = Array.from({ length: 12 }, (_, shape) => templateOf(contactOf(shape)));
    const again = Array.from({ length: 12 }, (_, shape) => templateOf(contactOf(shape, `d${shape}`)));
    expect(compiled).toHaveLength(12);
    expect(again.every((template, shape) => template === first[shape])).toBe(true);
  });

  it('keep at most a thousand shapes: the thousand-and-first empties the cache, and a shape of before it is compiled again', () => {
    const { compiled, templateOf } = setup();
    const first = templateOf(contactOf(0));
    for (let shape = 1; shape < 1000; shape++) templateOf(contactOf(shape));
    expect(compiled).toHaveLength(1000);
    // Still held: found again without compiling.
    expect(templateOf(contactOf(0, 'again'))).toBe(first);
    expect(compiled).toHaveLength(1000);
    templateOf(contactOf(1000));
    expect(compiled).toHaveLength(1001);
    const after = templateOf(contactOf(0, 'after'));
    expect(compiled).toHaveLength(1002);
    expect(after).not.toBe(first);
    expect(after.compiled.rules).toEqual(first.compiled.rules);
  });

  it('keep users out of the contacts’ hashes: after a user and a thousand contact shapes, the first contact shape is still found without compiling', () => {
    const { compiled, templateOf } = setup({
      ...internalInput,
      webRoles: ROLES.map((name) => ({ name })),
    });
    templateOf(staff(['Salesperson'], { id: 'u' }));
    const first = templateOf(contactOf(0));
    // The thousandth shape empties the keyed map (a user and 999 contacts), never the hashes (999 contacts).
    for (let shape = 1; shape < 1000; shape++) templateOf(contactOf(shape));
    expect(compiled).toHaveLength(1001);
    expect(templateOf(contactOf(0, 'again'))).toBe(first);
    expect(compiled).toHaveLength(1001);
  });
});

describe('contacts whose shapes hash alike', () => {
  // Two role names that FNV-1a hashes alike as a contact's only web role (found by a search over "Role <n>").
  const COLLIDING = ['Role 512789', 'Role 749192'] as const;

  it('each get the template of their own roles: the first of the two never reads what only the second may, nor the reverse', () => {
    // No account and no legal entity, as in the search: what else is open changes the hash.
    const contact = (id: string, role: string) => ({ kind: 'contact', id, webRoles: [role] }) as const;
    const order = subject('salesorder', { id: 'SO-1', orderedBy: 'someone', customerAccount: 'Y' });
    for (const [granted, other] of [COLLIDING, [...COLLIDING].reverse()]) {
      const policy = definePolicy({
        ...customerPortalInput,
        webRoles: [...customerPortalInput.webRoles, { name: granted! }, { name: other! }],
        tablePermissions: [
          ...customerPortalInput.tablePermissions,
          {
            name: 'Every order',
            table: 'salesorder',
            scope: 'global',
            privileges: ['read'],
            webRoles: [granted!],
          },
        ],
      });
      const index = policyIndexOf(policy);
      const [left, right] = [contact('a', granted!), contact('b', other!)].map(
        (principal) => identityOf(index, parsePrincipal(principal), undefined)!,
      );
      // The case under test: one hash, two templates.
      expect(quickHashOf(left!)).toBe(quickHashOf(right!));
      expect(sameTemplate(left!, right!)).toBe(false);
      for (const [role, reads] of [
        [granted, true],
        [other, false],
        [granted, true],
      ] as const) {
        expect(abilityFor(policy, contact(`${role}-reader`, role!)).can('read', order), role).toBe(reads);
      }
    }
  });
});

describe('one template', () => {
  it('compiles the predicate of an action and a table once: every principal bound later is given the same binder', () => {
    const { templateOf } = setup();
    const contact = (id: string) =>
      ({ kind: 'contact', id, accountId: 'X', legalEntity: 'usmf', webRoles: ['Authorized user'] }) as const;
    const template = templateOf(contact('a'));
    expect(templateOf(contact('b'))).toBe(template);
    const order = (orderedBy: string) => ({ id: `SO-${orderedBy}`, orderedBy, customerAccount: 'X' });
    const readsOfA = templatePredicate(template, ['a', 'X', 'usmf'], 'read', 'salesorder');
    const binder = template.predicates.get('read')?.get('salesorder');
    expect(binder).toBeTypeOf('function');
    templatePredicate(template, ['a', 'X', 'usmf'], 'read', 'salesorderline');
    const readsOfB = templatePredicate(template, ['b', 'X', 'usmf'], 'read', 'salesorder');
    expect(template.predicates.get('read')?.get('salesorder')).toBe(binder);
    expect(template.predicates.get('read')?.size).toBe(2);
    expect([readsOfA(order('a')), readsOfA(order('b')), readsOfB(order('a')), readsOfB(order('b'))]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('made for principals that only check records leaves its rules unfrozen and without id putters, made once when its rules are first written out', () => {
    const { templateOf } = setup();
    const template = templateOf({ kind: 'contact', id: 'a', webRoles: ['Authorized user'] });
    const [rule] = template.compiled.rules;
    expect(rule).toBeDefined();
    expect(Object.isFrozen(template.compiled.rules)).toBe(true);
    expect(Object.isFrozen(rule)).toBe(false);
    expect(template.bound).toBeUndefined();
    const written = rulesOf(template, ['a']);
    const bound = template.bound;
    expect(bound).toHaveLength(written.length);
    expect(Object.isFrozen(rule)).toBe(true);
    rulesOf(template, ['b']);
    expect(template.bound).toBe(bound);
  });
});
