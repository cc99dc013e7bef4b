import { type PortalAbility, subject } from 'portal-permissions';
import type { Database } from './db/database.js';
import type { PortalTable } from './policy.js';

/** A public document such as the terms of sale. */
export type Terms = { readonly id: string; readonly title: string; readonly body: string };

/**
 * The terms the viewer may read (every visitor, through the Anonymous and Authenticated users roles).
 * PENDING issue 5: filtered in memory until `accessibleWhere` lands; the table is tiny either way.
 */
export async function listReadableTerms(db: Database, ability: PortalAbility<PortalTable>): Promise<Terms[]> {
  const { rows } = await db.query('SELECT id, title, body FROM terms ORDER BY title');
  return rows
    .map((row) => ({ id: String(row.id), title: String(row.title), body: String(row.body) }))
    .filter((terms) => ability.can('read', subject('terms', { ...terms })));
}
