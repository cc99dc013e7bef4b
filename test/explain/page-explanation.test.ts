import { describe, expect, it } from 'vitest';
import { explainPage } from '../../src/explain/page-explanation.js';
import { abilityFor, definePolicy, type Principal } from '../../src/index.js';
import { sitePolicy } from '../fixtures/pages.js';

const explain = (principal: Principal, action: 'view' | 'change', id: string) =>
  explainPage(abilityFor(sitePolicy, principal), action, id);

describe('explaining page access', () => {
  it('a public page says no restrict-read rule covers it', () => {
    const why = explain({ kind: 'anonymous' }, 'view', 'products');
    expect(why).toMatchObject({ allowed: true, basis: 'public' });
    expect(why.rules.map((rule) => rule.right)).toEqual(['grantChange']);
    expect(why.message).toBe(
      'an anonymous visitor may view page "products": no restrict-read rule covers the page, so it is public',
    );
  });

  it('a restricted page names the rule, the page it sits on and its roles', () => {
    const why = explain({ kind: 'anonymous' }, 'view', 'order-detail');
    expect(why.allowed).toBe(false);
    expect(why.message).toBe(
      'an anonymous visitor may not view page "order-detail": restricted on "orders" by rule "Order pages" to roles "Authorized user", and no such role is held; restricted on "account" by rule "Signed-in only" to roles "Authenticated users", and no such role is held',
    );
  });

  it('an allowed restricted page names the rule whose role the principal holds', () => {
    const why = explain({ kind: 'contact', id: 'jane', webRoles: ['Authorized user'] }, 'view', 'orders');
    expect(why.allowed).toBe(true);
    expect(why.rules.map((rule) => [rule.name, rule.heldRoles])).toEqual([
      ['Order pages', ['Authorized user']],
      ['Signed-in only', ['Authenticated users']],
      ['Editors everywhere', []],
    ]);
    expect(why.message).toBe(
      'contact "jane" may view page "orders": every restriction on the path is met: on "orders" by rule "Order pages" to roles "Authorized user" (held: "Authorized user"); on "account" by rule "Signed-in only" to roles "Authenticated users" (held: "Authenticated users")',
    );
  });

  it('change names the grant-change rule and the held role, or says none covers the page', () => {
    const editor: Principal = { kind: 'contact', id: 'e', webRoles: ['Content editor'] };
    expect(explain(editor, 'change', 'news').message).toBe(
      'contact "e" may change page "news": change is granted by rule "News editors" (on "news") to roles "Content editor"; held: "Content editor"',
    );
    expect(explain(editor, 'change', 'products').message).toBe(
      'contact "e" may not change page "products": change is granted only by rule "Editors everywhere" (on "home") to roles "Administrator", and no such role is held',
    );
  });

  it('a denied page names only the restrictions not met, each with its page', () => {
    const signedIn = explain({ kind: 'contact', id: 'sam', webRoles: [] }, 'view', 'order-detail');
    expect(signedIn.allowed).toBe(false);
    expect(signedIn.restrictions.map((restriction) => [restriction.page, restriction.met])).toEqual([
      ['orders', false],
      ['account', true],
    ]);
    expect(signedIn.message).toBe(
      'contact "sam" may not view page "order-detail": restricted on "orders" by rule "Order pages" to roles "Authorized user", and no such role is held',
    );
  });

  it('a page read through grant change says so, over the restriction it does not meet', () => {
    const layered = definePolicy({
      tables: {},
      webRoles: [{ name: 'Member' }, { name: 'Editor' }],
      pages: [{ id: 'home' }, { id: 'club', parent: 'home' }],
      pageRules: [
        { name: 'Members', page: 'home', right: 'restrictRead', webRoles: ['Member'] },
        { name: 'Editors', page: 'club', right: 'grantChange', webRoles: ['Editor'] },
      ],
    });
    const editor = abilityFor(layered, { kind: 'contact', id: 'e', webRoles: ['Editor'] });
    expect(explainPage(editor, 'view', 'club').message).toBe(
      'contact "e" may view page "club": change is granted by rule "Editors" (on "club") to roles "Editor"; held: "Editor" (grant change includes reading, over every restriction)',
    );
  });

  it('a page the policy does not declare, and a gated contact, are explained as such', () => {
    expect(explain({ kind: 'anonymous' }, 'view', 'nowhere')).toMatchObject({
      allowed: false,
      basis: 'unknown_page',
    });
    const disabled = explain({ kind: 'contact', id: 'd', webRoles: [], state: 'disabled' }, 'view', 'home');
    expect(disabled).toMatchObject({ allowed: false, basis: 'gate' });
  });

  it('a contact whose roles reach no page still gets the rules explained, not a gate', () => {
    const closed = definePolicy({
      tables: {},
      webRoles: [{ name: 'Member' }],
      pages: [{ id: 'home' }],
      pageRules: [{ name: 'Members', page: 'home', right: 'restrictRead', webRoles: ['Member'] }],
    });
    const why = explainPage(abilityFor(closed, { kind: 'contact', id: 'x', webRoles: [] }), 'view', 'home');
    expect(why).toMatchObject({ allowed: false, basis: 'restricted' });
  });
});
