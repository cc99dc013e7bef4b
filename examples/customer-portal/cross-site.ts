import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Methods that change state: the ones a cross-site page must never make on a signed-in contact's behalf. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Fetch metadata a browser sends: only a request from the portal's own pages, or one the user started
// (typed, bookmarked), may change state. `same-site` is refused too: a sibling subdomain is another site.
const OWN_SITE = new Set(['same-origin', 'none']);

/** A request the edge refuses before reading anything: 403 for cross-site, 415 for a non-JSON API body. */
export class EdgeRefusalError extends Error {
  override readonly name = 'EdgeRefusalError';
  constructor(
    readonly statusCode: 403 | 415,
    readonly code: 'cross_site_request' | 'unsupported_media_type',
    message: string,
  ) {
    super(message);
  }
}

/** Where the portal may be reached from, besides the `Host` it is asked for (a proxy's public origin). */
export interface CrossSiteOptions {
  /** Origins such as `https://portal.example.com` that count as the portal's own. */
  readonly trustedOrigins?: readonly string[];
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

// True when `origin` names the host the request was sent to, default ports compared as the URL standard does.
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return url.origin === origin && url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/** Why a state-changing request is cross-site, or `undefined` when it comes from the portal itself. */
export function crossSiteReason(request: FastifyRequest, options: CrossSiteOptions = {}): string | undefined {
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined && !OWN_SITE.has(site)) return `the browser says the request is ${site}`;
  const origin = header(request, 'origin');
  // No Origin: not a browser's cross-site request (browsers send it on every POST, PUT and DELETE).
  if (origin === undefined) return undefined;
  if (options.trustedOrigins?.includes(origin)) return undefined;
  if (isOwnOrigin(origin, header(request, 'host'))) return undefined;
  return `the request comes from ${origin === 'null' ? 'an opaque origin' : origin}`;
}

function mediaTypeOf(request: FastifyRequest): string | undefined {
  return header(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
}

/**
 * Refuses cross-site state changes (403 `cross_site_request`) by their `Sec-Fetch-Site` and `Origin`
 * headers, and API requests whose body is not JSON (415 `unsupported_media_type`), before the session is
 * loaded. A cross-site form can post `application/x-www-form-urlencoded`, `multipart/form-data` or
 * `text/plain` without asking; only JSON needs a preflight this server never grants.
 */
export function registerCrossSiteProtection(app: FastifyInstance, options: CrossSiteOptions = {}): void {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const reason = crossSiteReason(request, options);
    if (reason !== undefined) {
      throw new EdgeRefusalError(
        403,
        'cross_site_request',
        `refused: ${reason}; change data from the portal's own pages`,
      );
    }
    const mediaType = mediaTypeOf(request);
    if (request.url.startsWith('/api/') && mediaType !== undefined && mediaType !== 'application/json') {
      throw new EdgeRefusalError(
        415,
        'unsupported_media_type',
        `the API reads JSON bodies only; send content-type: application/json, not ${mediaType}`,
      );
    }
  });
}
