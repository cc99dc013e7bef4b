import { describe, expect, it } from 'vitest';
import { abilityFor, explain, page } from '../../src/index.js';
import { sitePolicy } from '../fixtures/pages.js';

describe('page()', () => {
  it('tags a frozen page the ability decides, and a request body cannot forge the tag', () => {
    const visitor = abilityFor(sitePolicy, { kind: 'anonymous' });
    const tagged = page('home');
    expect(Object.isFrozen(tagged)).toBe(true);
    expect(Object.keys(tagged)).toEqual(['id']);
    expect(visitor.can('view', tagged)).toBe(true);
    const forged = JSON.parse('{ "id": "home", "__caslSubjectType__": "web page" }');
    expect(visitor.can('view', forged)).toBe(false);
  });

  it('a page is no record of any table: table privileges never reach it, page actions never reach rows', () => {
    const admin = abilityFor(sitePolicy, { kind: 'contact', id: 'a', webRoles: ['Administrator'] });
    // @ts-expect-error: read is no action on a page; the compiler refuses the pair too
    expect(admin.can('read', page('home'))).toBe(false);
    // @ts-expect-error: change is no action on a table's rows; the compiler refuses the pair too
    expect(admin.can('change', 'salesorder')).toBe(false);
  });

  it('the generic explain names the webpage access control rules as the grant', () => {
    const jane = abilityFor(sitePolicy, { kind: 'contact', id: 'jane', webRoles: ['Authorized user'] });
    const why = explain(jane, 'view', page('orders'));
    expect(why.allowed).toBe(true);
    expect(why.message).toContain('webpage access control rules');
  });
});
