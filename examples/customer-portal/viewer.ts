import type { Principal } from 'portal-permissions';
import type { PortalTable } from './policy.js';
import type { Contact } from './session.js';

/** Who is making a request, loaded once per request; `request.ability` (the plugin) says what they may do. */
export interface Viewer {
  readonly contact: Contact | undefined;
  readonly principal: Principal;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
  }
}

declare module 'portal-permissions/fastify' {
  interface PortalTables {
    readonly table: PortalTable;
  }
}
