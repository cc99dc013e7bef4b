import { type ForcedSubject, subject as tagSubject } from '@casl/ability';
import { PAGE_SUBJECT } from '../policy/page.js';

/**
 * A page (or web file) of the policy's page tree, tagged for `ability.can('view' | 'change', …)`. `TId` is
 * the id as written: a literal id must be one the policy declares, a `string` is checked at run time.
 */
export type PageSubject<TId extends string = string> = ForcedSubject<typeof PAGE_SUBJECT> & {
  readonly id: TId;
};

/**
 * Tags a page id for an ability, as `subject()` tags a record: `view` is what webpage access control rules
 * let the principal read, `change` what they let them edit. A page the policy does not declare is denied.
 *
 * @example ability.can('view', page('orders'))
 */
export function page<const TId extends string>(id: TId): PageSubject<TId> {
  return Object.freeze(tagSubject(PAGE_SUBJECT, { id })) as PageSubject<TId>;
}
