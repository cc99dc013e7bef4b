import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Condition } from '../../../src/base/condition.js';
import { abilityFor, configure, subject } from '../../../src/index.js';
import { customerPortal } from '../../fixtures/customer-portal.js';

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
    const { compileRules } = await import('../../../src/ability/fast-path/codegen.js');
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
    const { compileRules } = await import('../../../src/ability/fast-path/codegen.js');
    expect(compileRules([eq('orderedBy', 'jane')])(orders[0])).toBe(true);
    expect(watch.count()).toBe(0);
  });

  it('generates code where the realm allows it and jitless is not set', async () => {
    vi.resetModules();
    const watch = watchFunction(false);
    const { compileRules } = await import('../../../src/ability/fast-path/codegen.js');
    const predicate = compileRules([eq('orderedBy', 'jane'), eq('customerAccount', 'B')]);
    vi.unstubAllGlobals();
    // The probe and the one factory for this shape.
    expect(watch.count()).toBe(2);
    expect(orders.map(predicate)).toEqual([true, false, true, true]);
  });
});

const parentOf = (field: string, table: string, key: string, condition?: Condition): Condition => ({
  operator: 'parent',
  field,
  value: condition ? { table, key, condition } : { table, key },
});

describe('what generated code may contain', () => {
  it('a rule naming a field that is not a plain identifier, at any depth, is never written into generated code', async () => {
    const { compileRules, generateRules } = await import('../../../src/ability/fast-path/codegen.js');
    const good = eq('orderedBy', 'jane');
    const bad = eq('ordered-by', 'jane');
    const unsafe: Condition[][] = [
      [bad],
      [good, bad],
      [{ operator: 'and', value: [good, bad] }],
      [{ operator: 'or', value: [good, bad] }],
      [parentOf('sales order', 'salesorder', 'id', good)],
      [parentOf('salesOrderId', 'sales-order', 'id', good)],
      [parentOf('salesOrderId', 'salesorder', 'order id', good)],
      [parentOf('salesOrderId', 'salesorder', 'id', bad)],
    ];
    expect(unsafe.map((conditions) => generateRules(conditions))).toEqual(unsafe.map(() => undefined));
    // The same shapes with plain names are generated, so the refusals above are about the names.
    expect(
      generateRules([
        good,
        { operator: 'or', value: [good] },
        parentOf('salesOrderId', 'salesorder', 'id', good),
      ]),
    ).toBeDefined();
    // Refused names still answer, through the closures.
    expect(compileRules([bad])({ 'ordered-by': 'jane' })).toBe(true);
    expect(compileRules([bad])({ 'ordered-by': 'sam' })).toBe(false);
  });

  it('and / or trees answer the same generated as in closures: an empty and holds for every record, an empty or for none', async () => {
    const { compileRules } = await import('../../../src/ability/fast-path/codegen.js');
    const trees: Condition[] = [
      { operator: 'and', value: [] },
      { operator: 'or', value: [] },
      { operator: 'or', value: [eq('orderedBy', 'jane'), eq('customerAccount', 'B')] },
      {
        operator: 'and',
        value: [
          eq('company', 'usmf'),
          { operator: 'or', value: [eq('orderedBy', 'sam'), { operator: 'and', value: [] }] },
          { operator: 'or', value: [eq('customerAccount', 'A'), { operator: 'or', value: [] }] },
        ],
      },
    ];
    const answers = () => trees.map((tree) => orders.map(compileRules([tree])));
    const generated = answers();
    configure({ jitless: true });
    expect(answers()).toEqual(generated);
    expect(generated).toEqual([
      [true, true, true, true],
      [false, false, false, false],
      [true, false, true, true],
      [true, true, false, false],
    ]);
  });

  it('a record check and the public predicate refuse null, undefined and primitives, generated or not', () => {
    // The generated row predicate leaves the object test to its callers: each public door must still make it.
    const notRecords: unknown[] = [null, undefined, 'SO-1', 42, true];
    const answers = [false, true].map((jitless) => {
      configure({ jitless });
      const ability = abilityFor(customerPortal, jane);
      const predicate = ability.predicateFor('read', 'salesorder');
      return [
        ...notRecords.map((value) => predicate(value)),
        ...notRecords.map((value) => ability.check('read', 'salesorder', value as object)),
        ...orders.map((order) => predicate(order)),
        ...orders.map((order) => ability.check('read', 'salesorder', order)),
      ];
    });
    const refused = Array<boolean>(10).fill(false);
    const granted = [true, true, true, false];
    expect(answers).toEqual([
      [...refused, ...granted, ...granted],
      [...refused, ...granted, ...granted],
    ]);
  });

  it('predicates of the same shape are parsed once and each answers with its own values', async () => {
    vi.resetModules();
    const watch = watchFunction(false);
    const { compileRules } = await import('../../../src/ability/fast-path/codegen.js');
    const byJane = compileRules([eq('orderedBy', 'jane')]);
    const bySam = compileRules([eq('orderedBy', 'sam')]);
    const parsed = watch.count();
    const byAccount = compileRules([eq('customerAccount', 'A')]);
    const byNobody = compileRules([eq('orderedBy', 'nobody')]);
    const byB = compileRules([eq('customerAccount', 'B')]);
    vi.unstubAllGlobals();
    // The probe and one function per shape: two shapes, whatever the order they come in.
    expect([parsed, watch.count()]).toEqual([2, 3]);
    expect([byJane, bySam, byAccount, byNobody, byB].map((predicate) => orders.map(predicate))).toEqual([
      [true, false, true, false],
      [false, true, false, true],
      [true, true, false, false],
      [false, false, false, false],
      [false, false, true, true],
    ]);
  });

  it('the parsed functions kept for reuse stay bounded however many rule shapes arrive', async () => {
    vi.resetModules();
    const watch = watchFunction(false);
    const { compileRules } = await import('../../../src/ability/fast-path/codegen.js');
    const first = () => compileRules([eq('orderedBy', 'jane')]);
    first();
    for (let index = 0; index < 1500; index++) compileRules([eq(`field${index}`, 'x')]);
    const before = watch.count();
    const predicate = first();
    const reparsed = watch.count() - before;
    vi.unstubAllGlobals();
    // Fifteen hundred shapes later the first one is no longer held: memory does not grow with the shapes.
    expect(reparsed).toBe(1);
    expect(orders.map(predicate)).toEqual([true, false, true, false]);
  });

  it('a generated predicate leaves no variable behind in the global scope', async () => {
    const { compileRules, generateRules } = await import('../../../src/ability/fast-path/codegen.js');
    const line = {
      id: 'L-1',
      salesOrderId: 'SO-1',
      salesorder: { id: 'SO-1', orderedBy: 'jane', customerAccount: 'A' },
      invoiceId: 'INV-1',
      invoice: { id: 'INV-1', customerAccount: 'A' },
    };
    const rules: Condition[] = [
      {
        operator: 'and',
        value: [
          parentOf('salesOrderId', 'salesorder', 'id', eq('orderedBy', 'jane')),
          parentOf('invoiceId', 'invoice', 'id', eq('customerAccount', 'A')),
        ],
      },
    ];
    expect(generateRules(rules)).toBeDefined();
    const globals = Object.keys(globalThis);
    expect(compileRules(rules)(line)).toBe(true);
    expect(Object.keys(globalThis)).toEqual(globals);
  });
});
