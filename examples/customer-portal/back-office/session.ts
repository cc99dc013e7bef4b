import type { Principal } from 'portal-permissions';
import type { Database } from '../db/database.js';
import { type InternalUser, loadUser, principalOfUser } from './users.js';

/**
 * The principal of an internal user signed in with the development cookie (the same cookie as contacts; the
 * ids do not overlap), or an anonymous visitor. `/api/…` requests are API sessions, pages interactive ones,
 * so a non-interactive user reaches data through the API only.
 */
export async function internalPrincipal(
  db: Database,
  id: string | undefined,
  url: string,
): Promise<{ readonly user: InternalUser | undefined; readonly principal: Principal }> {
  const user = id === undefined ? undefined : await loadUser(db, id);
  if (!user) return { user: undefined, principal: { kind: 'anonymous' } };
  return {
    user,
    principal: { ...principalOfUser(user), session: url.startsWith('/api/') ? 'api' : 'interactive' },
  };
}
