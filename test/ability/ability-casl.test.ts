import { packRules, unpackRules } from '@casl/ability/extra';
import { describe, expect, it } from 'vitest';
import { abilityFor, PortalAbility, type PortalRawRule, subject } from '../../src/index.js';
import { customerPortal, order, orders, people } from '../fixtures/customer-portal.js';

function setup() {
  const rep = abilityFor(customerPortal, {
    ...people.rep,
    webRoles: ['Customer representative', 'Authorized user'],
  });
  // Rita orders too: a line of her own order is covered through "Lines of my orders".
  const ritasOrder = { ...orders.janes, id: 'SO-9', orderedBy: 'rita' };
  const line = subject('salesorderline', { id: 'L-1', salesOrderId: 'SO-9', salesorder: ritasOrder });
  return { rep, line };
}

describe('a PortalAbility stays a real CASL ability', () => {
  it('exposes its raw rules, each with a reason and the provenance of its grant', () => {
    const { rep } = setup();
    expect(rep.rules.map((rule) => (rule as unknown as PortalRawRule).provenance)).toMatchInlineSnapshot(`
      [
        {
          "chain": [
            "Company orders",
          ],
          "field": "customerAccount",
          "kind": "tablePermission",
          "scope": "account",
          "tablePermission": "Company orders",
          "webRoles": [
            "Customer representative",
          ],
        },
        {
          "chain": [
            "My orders",
          ],
          "field": "orderedBy",
          "kind": "tablePermission",
          "scope": "contact",
          "tablePermission": "My orders",
          "webRoles": [
            "Authorized user",
          ],
        },
        {
          "chain": [
            "My orders",
          ],
          "field": "orderedBy",
          "kind": "tablePermission",
          "scope": "contact",
          "tablePermission": "My orders",
          "webRoles": [
            "Authorized user",
          ],
        },
        {
          "chain": [
            "Lines of my orders",
            "My orders",
          ],
          "field": "salesOrderId",
          "kind": "tablePermission",
          "scope": "parent",
          "tablePermission": "Lines of my orders",
          "webRoles": [
            "Authorized user",
          ],
        },
        {
          "chain": [
            "Public terms",
          ],
          "kind": "tablePermission",
          "scope": "global",
          "tablePermission": "Public terms",
          "webRoles": [
            "Authenticated users",
          ],
        },
      ]
    `);
  });

  it('answers rulesFor with the rules of one action and table', () => {
    const { rep } = setup();
    const names = rep
      .rulesFor('read', 'salesorder')
      .map((rule) => (rule.origin as unknown as PortalRawRule).provenance)
      .map((provenance) =>
        provenance.kind === 'tablePermission' ? provenance.tablePermission : provenance.kind,
      );
    expect(names.sort()).toEqual(['Company orders', 'My orders']);
    expect(rep.rulesFor('delete', 'salesorder')).toEqual([]);
  });

  it('names the table permission and web role that decided through relevantRuleFor', () => {
    const { rep, line } = setup();
    const decidingGrant = (rule: ReturnType<PortalAbility['relevantRuleFor']>) =>
      (rule?.origin as unknown as PortalRawRule | undefined)?.provenance;
    expect(decidingGrant(rep.relevantRuleFor('read', order('sams')))).toEqual({
      kind: 'tablePermission',
      tablePermission: 'Company orders',
      webRoles: ['Customer representative'],
      scope: 'account',
      field: 'customerAccount',
      chain: ['Company orders'],
    });
    expect(decidingGrant(rep.relevantRuleFor('read', line))).toMatchObject({
      tablePermission: 'Lines of my orders',
      webRoles: ['Authorized user'],
      chain: ['Lines of my orders', 'My orders'],
    });
    expect(rep.relevantRuleFor('read', order('mays'))).toBeNull();
  });

  it('answers can through CASL itself (with a field argument) the same as through the fast path', () => {
    const { rep } = setup();
    for (const key of Object.keys(orders) as (keyof typeof orders)[]) {
      expect(rep.can('read', order(key), 'id')).toBe(rep.can('read', order(key)));
    }
  });

  it('round-trips through packRules and unpackRules: the unpacked ability decides the same', () => {
    const { rep, line } = setup();
    const packed = JSON.parse(JSON.stringify(packRules(rep.rules)));
    const unpacked = unpackRules(packed) as unknown as PortalRawRule[];
    expect(unpacked.map((rule) => rule.reason)).toEqual(rep.rules.map((rule) => rule.reason));
    const restored = new PortalAbility(customerPortal, rep.principal, { rules: unpacked });
    const records = [order('janes'), order('sams'), order('mays'), line, subject('terms', { id: 't' })];
    for (const action of ['read', 'write', 'create', 'delete'] as const) {
      expect(records.map((record) => restored.can(action, record))).toEqual(
        records.map((record) => rep.can(action, record)),
      );
    }
  });

  it('recompiles its predicates when its rules are updated', () => {
    const { rep } = setup();
    expect(rep.can('read', order('mays'))).toBe(false);
    const everything: PortalRawRule = {
      action: ['read'],
      subject: 'salesorder',
      reason: 'test',
      provenance: { kind: 'ownRow', reason: 'mustChangePassword' },
    };
    rep.update([...(rep.rules as unknown as PortalRawRule[]), everything] as never);
    expect(rep.can('read', order('mays'))).toBe(true);
  });
});

describe('CASL indexes the rules only when a CASL method needs them', () => {
  it('rulesFor, relevantRuleFor, actionsFor and packRules answer before any record check', () => {
    const { rep } = setup();
    expect(packRules(rep.rules as never).length).toBe(rep.rules.length);
    expect(rep.actionsFor('salesorder')).toContain('read');
    expect(rep.rulesFor('read', 'salesorder').length).toBeGreaterThan(0);
    expect(rep.relevantRuleFor('read', subject('salesorder', { ...orders.janes }))).not.toBeNull();
  });

  it('a handler registered for updates is called by update() only, never by the first indexing', () => {
    const { rep } = setup();
    const calls: string[] = [];
    rep.on('updated', () => calls.push('updated'));
    expect(rep.rulesFor('read', 'salesorder').length).toBeGreaterThan(0);
    expect(calls).toEqual([]);
    rep.update([]);
    expect(calls).toEqual(['updated']);
  });

  it('after update() the record checks, check() included, follow the new rules', () => {
    const { rep } = setup();
    const row = { ...orders.janes };
    expect(rep.check('read', 'salesorder', row)).toBe(true);
    rep.update([]);
    expect(rep.check('read', 'salesorder', row)).toBe(false);
    expect(rep.can('read', subject('salesorder', { ...row }))).toBe(false);
    expect(rep.rules).toEqual([]);
  });

  it('after update() a warm can() (the same action and table just checked) follows the new rules', () => {
    const { rep } = setup();
    expect(rep.can('read', subject('salesorder', { ...orders.janes }))).toBe(true);
    expect(rep.can('read', subject('salesorder', { ...orders.janes }))).toBe(true);
    rep.update([]);
    expect(rep.can('read', subject('salesorder', { ...orders.janes }))).toBe(false);
  });

  it('an empty action and table are answered by the rules, before and after any other check', () => {
    const { rep } = setup();
    rep.update([...rep.rules, { action: 'manage', subject: 'all' }] as never);
    expect(rep.check('' as never, '' as never, { id: 'SO-1' })).toBe(true);
    expect(rep.can('' as never, subject('' as never, { id: 'SO-2' }) as never)).toBe(true);
    expect(rep.check('read', 'salesorder', { ...orders.janes })).toBe(true);
    expect(rep.check('' as never, '' as never, { id: 'SO-1' })).toBe(true);
  });

  it('check() refuses a value that is not a row', () => {
    const { rep } = setup();
    expect(rep.check('read', 'salesorder', null as never)).toBe(false);
    expect(rep.check('read', 'salesorder', 'SO-1' as never)).toBe(false);
  });
});
