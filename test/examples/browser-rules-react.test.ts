import { packRules } from '@casl/ability/extra';
import { abilityFor, type Principal } from 'portal-permissions';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { browserAbility, OrderActions, type OrderView } from '../../examples/browser-rules/order-actions.js';
import { portalPolicy } from '../../examples/customer-portal/policy.js';

const janes: OrderView = { id: 'SO-1', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' };
const sams: OrderView = { id: 'SO-2', customerAccount: 'X', company: 'usmf', orderedBy: 'sam' };

/** What the browser renders for `principal`: rules packed on the server, sent as JSON, rendered with <Can>. */
function renderFor(principal: Principal): string {
  const wire = JSON.stringify(packRules(abilityFor(portalPolicy, principal).rules));
  const ability = browserAbility(JSON.parse(wire));
  return renderToStaticMarkup(createElement(OrderActions, { ability, orders: [janes, sams] }));
}

const row = (html: string, id: string): string =>
  html.match(new RegExp(`<li data-order="${id}">.*?</li>`))?.[0] ?? '';

describe('packed rules with @casl/react <Can>', () => {
  const jane: Principal = {
    kind: 'contact',
    id: 'jane',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Authorized user'],
  };

  it('shows Jane "Place an order" and an Open link on her own order only, and no Delete button', () => {
    const html = renderFor(jane);
    expect(html).toContain('<button type="button">Place an order</button>');
    expect(row(html, 'SO-1')).toContain('<a href="/orders/SO-1">Open</a>');
    expect(row(html, 'SO-2')).not.toContain('Open');
    expect(html).not.toContain('Delete');
  });

  it('shows a visitor no button and no link', () => {
    const html = renderFor({ kind: 'anonymous' });
    expect(html).not.toContain('<button');
    expect(html).not.toContain('<a ');
  });

  it('shows each button exactly when the server ability allows the same action', () => {
    const admin: Principal = {
      kind: 'contact',
      id: 'admin',
      accountId: 'ADM',
      legalEntity: 'usmf',
      webRoles: ['Administrator'],
    };
    const html = renderFor(admin);
    const server = abilityFor(portalPolicy, admin);
    expect(html.includes('Place an order')).toBe(server.can('create', 'salesorder'));
    expect(row(html, 'SO-2').includes('Delete')).toBe(server.can('delete', 'salesorder'));
  });
});
