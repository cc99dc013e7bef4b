import { accessibleWhere, type PortalAbility } from 'portal-permissions';
import type { Database } from './db/database.js';
import type { PortalTable } from './policy.js';

/** A public document such as the terms of sale. */
export type Terms = { readonly id: string; readonly title: string; readonly body: string };

/** The terms the viewer may read: every visitor, through the Anonymous and Authenticated users roles. */
export async function listReadableTerms(db: Database, ability: PortalAbility<PortalTable>): Promise<Terms[]> {
  const { sql, params } = accessibleWhere(ability, 'read', 'terms', { dialect: 'postgres' });
  const { rows } = await db.query(`SELECT id, title, body FROM terms WHERE ${sql} ORDER BY title`, params);
  return rows.map((row) => ({ id: String(row.id), title: String(row.title), body: String(row.body) }));
}
