import type { PortalAbility, Principal } from 'portal-permissions';
import type { PortalTable } from './policy.js';
import type { Contact } from './session.js';

/** Who is making a request and what they may do, computed once per request. */
export interface Viewer {
  readonly contact: Contact | undefined;
  readonly principal: Principal;
  readonly ability: PortalAbility<PortalTable>;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
  }
}
