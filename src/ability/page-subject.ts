import { type ForcedSubject, subject as tagSubject } from '@casl/ability';
import { PAGE_SUBJECT } from '../policy/page.js';

/** A page (or web file) of the policy's page tree, tagged for `ability.can('view' | 'change', …)`. */
export type PageSubject = ForcedSubject<typeof PAGE_SUBJECT> & { readonly id: string };

/**
 * Tags a page id for an ability, as `subject()` tags a record: `view` is what webpage access control rules
 * let the principal read, `change` what they let them edit. A page the policy does not declare is denied.
 *
 * @example ability.can('view', page('orders'))
 */
export function page(id: string): PageSubject {
  return Object.freeze(tagSubject(PAGE_SUBJECT, { id })) as PageSubject;
}
