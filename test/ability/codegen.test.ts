import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Condition } from '../../src/base/condition.js';
import { abilityFor, configure, subject } from '../../src/index.js';
import { customerPortal } from '../fixtures/customer-portal.js';

const jane = {
  kind: 'contact',
  id: 'jane',
  accountId: 'A',
  legalEntity: 'usmf',
  webRoles: ['Customer representative', 'Authorized user'],
} as const;
const orders = [
  { id: 'SO-1', orderedBy: 'jane', customerAccount: 'A', company: 'usmf' },
  { id: 'SO-2', orderedBy: 'sam', customerAccount: 'A', company: 'usmf' },
  { id: 'SO-3', orderedBy: 'jane', customerAccount: 'B', company: 'usmf' },
  { id: 'SO-4', orderedBy: 'sam', customerAccount: 'B', company: 'usmf' },
];
const eq = (field: string, value: string): Condition => ({ operator: 'eq', field, value });

/** Replaces the global Function constructor with one that counts constructions and may refuse them. */
function watchFunction(refuse: boolean): { readonly count: () => number } {
  let count = 0;
  const original = globalThis.Function;
  const watched = new Proxy(original, {
    construct(target, args) {
      count++;
      if (refuse) throw new EvalError('Code generation from strings disallowed for this context');
      return Reflect.construct(target, args);
    },
  });
  vi.stubGlobal('Function', watched);
  return { count: () => count };
}

afterEach(() => {
  vi.unstubAllGlobals();
  configure({ jitless: false });
  // The fresh modules imported here probed a hostile Function: no later test file may be handed them.
  vi.resetModules();
});

describe('generated predicates and the jitless switch', () => {
  it('with jitless set, an ability answers without ever constructing a Function', () => {
    configure({ jitless: true });
    const ability = abilityFor(customerPortal, jane);
    const watch = watchFunction(false);
    const answers = orders.map((order) => ability.can('read', subject('salesorder', { ...order })));
    const created = orders.map((order) => ability.can('create', subject('salesorder', { ...order })));
    vi.unstubAllGlobals();
    expect(watch.count()).toBe(0);
    expect(answers).toEqual([true, true, true, false]);
    expect(created).toEqual([true, false, false, false]);
  });

  it('probes new Function once, lazily: where it is forbidden every predicate runs as closures', async () => {
    vi.resetModules();
    const watch = watchFunction(true);
    const { compileRules } = await import('../../src/ability/codegen.js');
    expect(watch.count()).toBe(0);
    const byOwner = compileRules([eq('orderedBy', 'jane')]);
    const byAccount = compileRules([eq('customerAccount', 'A'), eq('orderedBy', 'sam')]);
    expect(watch.count()).toBe(1);
    vi.unstubAllGlobals();
    expect(orders.map(byOwner)).toEqual([true, false, true, false]);
    expect(orders.map(byAccount)).toEqual([true, true, false, true]);
  });

  it('never probes while jitless is set, so a strict CSP reports no violation', async () => {
    configure({ jitless: true });
    vi.resetModules();
    const watch = watchFunction(true);
    const { compileRules } = await import('../../src/ability/codegen.js');
    expect(compileRules([eq('orderedBy', 'jane')])(orders[0])).toBe(true);
    expect(watch.count()).toBe(0);
  });

  it('generates code where the realm allows it and jitless is not set', async () => {
    vi.resetModules();
    const watch = watchFunction(false);
    const { compileRules } = await import('../../src/ability/codegen.js');
    const predicate = compileRules([eq('orderedBy', 'jane'), eq('customerAccount', 'B')]);
    vi.unstubAllGlobals();
    // The probe and the one factory for this shape.
    expect(watch.count()).toBe(2);
    expect(orders.map(predicate)).toEqual([true, false, true, true]);
  });
});
