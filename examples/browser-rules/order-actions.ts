// The browser half of docs/cookbook/rules-in-the-browser.md with @casl/react: rules packed by the server
// (`packRules(request.ability.rules)`), unpacked here, and `<Can>` showing or hiding buttons. Written with
// createElement so it runs without a JSX build step; in a .tsx file these are `<Can I="create" a="salesorder">`.
import { Ability, fieldPatternMatcher, subject } from '@casl/ability';
import { type PackRule, unpackRules } from '@casl/ability/extra';
import { AbilityProvider, Can } from '@casl/react';
import { conditionsMatcher, type PortalRawRule } from 'portal-permissions';
import { createElement as h, type ReactElement } from 'react';

/** A sales order as the API sends it to the browser. */
export type OrderView = {
  readonly id: string;
  readonly customerAccount: string | null;
  readonly company: string | null;
  readonly orderedBy: string | null;
};

/**
 * The browser's ability from the packed rules of `GET /api/me/rules`. With the library's own matcher the
 * conditions are evaluated as on the server; these are hints for the interface, the server still decides.
 */
export function browserAbility(packed: PackRule<PortalRawRule>[]): Ability {
  return new Ability(unpackRules(packed), { conditionsMatcher, fieldMatcher: fieldPatternMatcher });
}

function OrderRow({ order }: { readonly order: OrderView }): ReactElement {
  const record = subject('salesorder', { ...order });
  return h(
    'li',
    { 'data-order': order.id },
    order.id,
    // biome-ignore lint/correctness/noChildrenProp: the props types of Can and AbilityProvider require children.
    h(Can, { I: 'read', this: record, children: h('a', { href: `/orders/${order.id}` }, 'Open') }),
    // biome-ignore lint/correctness/noChildrenProp: the props types of Can and AbilityProvider require children.
    h(Can, { I: 'delete', this: record, children: h('button', { type: 'button' }, 'Delete') }),
  );
}

/** The orders page's actions: "Place an order" when some order may be created, per-row links and buttons. */
export function OrderActions({
  ability,
  orders,
}: {
  readonly ability: Ability;
  readonly orders: readonly OrderView[];
}): ReactElement {
  return h(AbilityProvider, {
    value: ability,
    // biome-ignore lint/correctness/noChildrenProp: the props types of Can and AbilityProvider require children.
    children: h(
      'section',
      null,
      // biome-ignore lint/correctness/noChildrenProp: the props types of Can and AbilityProvider require children.
      h(Can, { I: 'create', a: 'salesorder', children: h('button', { type: 'button' }, 'Place an order') }),
      h(
        'ul',
        null,
        orders.map((order) => h(OrderRow, { key: order.id, order })),
      ),
    ),
  });
}
