import { packRules } from '@casl/ability/extra';
import { describe, expect, it } from 'vitest';
import { page } from '../../src/ability/page-subject.js';
import { abilityFor, definePolicy, type Principal, subject } from '../../src/index.js';
import { PAGE_SUBJECT } from '../../src/policy/page.js';
import { referencePageCan } from '../../src/testing/reference-pages.js';
import { siteInput, sitePolicy } from '../fixtures/pages.js';

const policy = sitePolicy;

const visitor: Principal = { kind: 'anonymous' };
const contact = (webRoles: string[]): Principal => ({ kind: 'contact', id: 'jane', webRoles });
const views = (principal: Principal, id: string) => abilityFor(policy, principal).can('view', page(id));
const changes = (principal: Principal, id: string) => abilityFor(policy, principal).can('change', page(id));

describe('webpage access control rules in the ability', () => {
  it('a page without a restrict-read rule on its path is public, to anonymous visitors too', () => {
    expect(views(visitor, 'home')).toBe(true);
    expect(views(visitor, 'products')).toBe(true);
    expect(views(contact([]), 'products')).toBe(true);
  });

  it('a restrict-read rule limits its page and every page below it to the listed roles', () => {
    expect(views(visitor, 'account')).toBe(false);
    expect(views(visitor, 'order-detail')).toBe(false);
    expect(views(contact([]), 'account')).toBe(true);
  });

  it('with restrict-read rules on several pages of the path, each must be met', () => {
    // "Signed-in only" on "account" is met by every signed-in contact; "Order pages" on "orders" is not.
    expect(views(contact([]), 'order-detail')).toBe(false);
    expect(views(contact(['Authorized user']), 'order-detail')).toBe(true);
    expect(views(contact(['Authorized user']), 'orders')).toBe(true);
  });

  it('an anonymous visitor never passes a restrict-read rule, whatever the rule lists', () => {
    expect(views(visitor, 'orders')).toBe(false);
  });

  it('excludeDirectChildFiles leaves the web files directly under the page public', () => {
    expect(views(visitor, 'brochure')).toBe(true);
  });

  it('a web file under the page is still covered by the allContent rules of the same page', () => {
    // "Administrators" (allContent) covers admin-style even though "Admin files" excludes it.
    expect(views(visitor, 'admin-style')).toBe(false);
    expect(views(contact(['Administrator']), 'admin-style')).toBe(true);
  });

  it('an excluded file does not free its own children: they stay covered by the rule', () => {
    expect(views(visitor, 'admin-style-map')).toBe(false);
  });

  it('grant change gives content editing on the page and everything below it to the listed roles only', () => {
    expect(changes(contact(['Content editor']), 'news')).toBe(true);
    expect(changes(contact(['Content editor']), 'home')).toBe(false);
    expect(changes(contact(['Administrator']), 'order-detail')).toBe(true);
    expect(changes(visitor, 'news')).toBe(false);
    expect(changes(contact([]), 'products')).toBe(false);
  });

  it('grant change takes precedence over restrict read: an editor of a branch may read it', () => {
    const editorOnly = definePolicy({
      tables: {},
      webRoles: [{ name: 'Member' }, { name: 'Editor' }],
      pages: [{ id: 'home' }, { id: 'club', parent: 'home' }],
      pageRules: [
        { name: 'Members', page: 'club', right: 'restrictRead', webRoles: ['Member'] },
        { name: 'Editors', page: 'home', right: 'grantChange', webRoles: ['Editor'] },
      ],
    });
    const editor = abilityFor(editorOnly, { kind: 'contact', id: 'e', webRoles: ['Editor'] });
    expect(editor.can('view', page('club'))).toBe(true);
    expect(editor.can('change', page('club'))).toBe(true);
  });

  it('a page the policy does not declare, or an untagged page, is denied', () => {
    const ability = abilityFor(policy, contact(['Administrator']));
    expect(ability.can('view', page('nowhere'))).toBe(false);
    expect(ability.can('view', { id: 'home' } as never)).toBe(false);
  });

  it('a record of a table named like a page id is never decided by page rules', () => {
    const ability = abilityFor(policy, visitor);
    expect(ability.can('read', subject('salesorder', { id: 'home', orderedBy: 'x' }))).toBe(false);
  });

  it('a disabled contact, or one who must change their password, sees no page at all (fail closed)', () => {
    const disabled: Principal = { kind: 'contact', id: 'd', webRoles: [], state: 'disabled' };
    expect(views(disabled, 'home')).toBe(false);
    const mustChange: Principal = { kind: 'contact', id: 'm', webRoles: [], mustChangePassword: true };
    expect(views(mustChange, 'home')).toBe(false);
  });

  it('an unvouched self-registered contact who must change their password sees no page, not even a public one', () => {
    const unvouched: Principal = {
      kind: 'contact',
      id: 'u',
      webRoles: [],
      registeredVia: 'openRegistration',
      mustChangePassword: true,
    };
    expect(views(unvouched, 'home')).toBe(false);
    expect(referencePageCan(siteInput, unvouched, 'view', 'home')).toBe(false);
  });

  it('two contacts with the same roles share the compiled page rules but each answers alike', () => {
    const first = abilityFor(policy, { kind: 'contact', id: 'a', webRoles: ['Authorized user'] });
    const second = abilityFor(policy, { kind: 'contact', id: 'b', webRoles: ['Authorized user'] });
    for (const id of ['home', 'orders', 'admin']) {
      expect(second.can('view', page(id))).toBe(first.can('view', page(id)));
    }
  });
});

const layered = definePolicy({
  tables: {},
  webRoles: [
    { name: 'Authenticated users', authenticatedUsers: true },
    { name: 'Partner' },
    { name: 'Reseller' },
    { name: 'Distributor' },
    { name: 'Editor' },
  ],
  pages: [
    { id: 'home' },
    { id: 'partners', parent: 'home' },
    { id: 'resellers', parent: 'partners' },
    { id: 'price-list', parent: 'resellers' },
    { id: 'news', parent: 'partners' },
  ],
  pageRules: [
    { name: 'Partners', page: 'partners', right: 'restrictRead', webRoles: ['Partner'] },
    { name: 'Resellers', page: 'resellers', right: 'restrictRead', webRoles: ['Reseller'] },
    { name: 'Distributors', page: 'resellers', right: 'restrictRead', webRoles: ['Distributor'] },
    { name: 'Price editors', page: 'price-list', right: 'grantChange', webRoles: ['Editor'] },
  ],
});
const onLayered = (webRoles: string[]) => abilityFor(layered, { kind: 'contact', id: 'c', webRoles });

describe('webpage access control rules along a path (the engine Power Pages grew from)', () => {
  it("a contact holding only the child page's restriction role cannot read it under a parent restricted to another role", () => {
    expect(onLayered(['Reseller']).can('view', page('resellers'))).toBe(false);
    expect(onLayered(['Reseller']).can('view', page('price-list'))).toBe(false);
  });

  it("a parent-only role cannot read a child restricted to someone else, but reads the parent's other children", () => {
    expect(onLayered(['Partner']).can('view', page('resellers'))).toBe(false);
    expect(onLayered(['Partner']).can('view', page('news'))).toBe(true);
  });

  it('a contact meeting the restriction of every page of the path reads the page', () => {
    expect(onLayered(['Partner', 'Reseller']).can('view', page('price-list'))).toBe(true);
  });

  it('restrict-read rules on the same page combine their roles: any one of them meets that page', () => {
    expect(onLayered(['Partner', 'Distributor']).can('view', page('resellers'))).toBe(true);
  });

  it('grant change below the restrictions opens its branch for change and reading, not the pages above it', () => {
    const editor = onLayered(['Editor']);
    expect(editor.can('view', page('price-list'))).toBe(true);
    expect(editor.can('change', page('price-list'))).toBe(true);
    expect(editor.can('view', page('resellers'))).toBe(false);
    expect(editor.can('change', page('resellers'))).toBe(false);
  });

  it('a page with no rule on its path is read by everyone and changed by no one', () => {
    const anyone = onLayered([]);
    expect(anyone.can('view', page('home'))).toBe(true);
    expect(anyone.can('change', page('home'))).toBe(false);
    expect(abilityFor(layered, visitor).can('view', page('home'))).toBe(true);
  });

  it('meeting a restriction never grants change', () => {
    expect(onLayered(['Partner', 'Reseller']).can('change', page('price-list'))).toBe(false);
  });
});

describe('webpage access control rules beside the rest of the ability', () => {
  it('a restrict-read rule naming several roles lets in a holder of any one of them', () => {
    const club = definePolicy({
      tables: {},
      webRoles: [{ name: 'Member' }, { name: 'Guest' }],
      pages: [{ id: 'home' }, { id: 'club', parent: 'home' }],
      pageRules: [{ name: 'Club', page: 'club', right: 'restrictRead', webRoles: ['Member', 'Guest'] }],
    });
    const guest = abilityFor(club, { kind: 'contact', id: 'g', webRoles: ['Guest'] });
    expect(guest.can('view', page('club'))).toBe(true);
    expect(abilityFor(club, visitor).can('view', page('club'))).toBe(false);
  });

  it('excludeDirectChildFiles frees only web files: a page directly under the rule stays restricted', () => {
    const members = definePolicy({
      tables: {},
      webRoles: [{ name: 'Member' }],
      pages: [
        { id: 'home' },
        { id: 'club', parent: 'home' },
        { id: 'agenda', parent: 'club' },
        { id: 'flyer', parent: 'club', kind: 'webFile' },
      ],
      pageRules: [
        {
          name: 'Members only',
          page: 'club',
          right: 'restrictRead',
          webRoles: ['Member'],
          scope: 'excludeDirectChildFiles',
        },
      ],
    });
    const anyone = abilityFor(members, visitor);
    expect(anyone.can('view', page('agenda'))).toBe(false);
    expect(anyone.can('view', page('flyer'))).toBe(true);
  });

  it('a web file at the top of the site, under no page, is public', () => {
    const files = definePolicy({
      tables: {},
      webRoles: [{ name: 'Member' }],
      pages: [{ id: 'home' }, { id: 'logo', kind: 'webFile' }],
      pageRules: [{ name: 'Members', page: 'home', right: 'restrictRead', webRoles: ['Member'] }],
    });
    expect(abilityFor(files, visitor).can('view', page('logo'))).toBe(true);
    expect(abilityFor(files, visitor).can('view', page('home'))).toBe(false);
  });

  it('an internal user opens no page, not even a public one', () => {
    const staff = definePolicy({
      ...siteInput,
      businessUnits: [{ id: 'hq' }],
      securityRoles: [{ name: 'Clerk', privileges: { salesorder: { read: 'organization' } } }],
    });
    const clerk = abilityFor(staff, {
      kind: 'user',
      id: 'cy',
      businessUnitId: 'hq',
      licensed: true,
      securityRoles: ['Clerk'],
    });
    expect(clerk.can('view', page('home'))).toBe(false);
    expect(clerk.can('view', page('products'))).toBe(false);
  });

  it('page rules take no data access away: a contact on a site with pages still reads their orders', () => {
    const shop = definePolicy({
      ...siteInput,
      tablePermissions: [
        {
          name: 'My orders',
          table: 'salesorder',
          scope: 'contact',
          privileges: ['read'],
          webRoles: ['Authorized user'],
        },
      ],
    });
    const jane = abilityFor(shop, contact(['Authorized user']));
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane' }))).toBe(true);
    expect(jane.can('view', page('orders'))).toBe(true);
  });

  it('the page rules sent to a browser carry a reason a menu can show', () => {
    const packed = packRules(abilityFor(policy, contact(['Content editor'])).rules) as unknown[][];
    const reasons = packed.filter((rule) => rule[1] === PAGE_SUBJECT).map((rule) => rule.at(-1));
    expect(reasons).toEqual(['webpage access control rules: view', 'webpage access control rules: change']);
  });
});
