// The `portal-permissions/fastify` entry: `request.ability` and `request.authorize` for Fastify 5. fastify is
// an optional peer dependency; the core entry never loads this module.
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { PortalAbility } from '../../ability/ability.js';
import { AbilityCache } from '../../ability/ability-cache.js';
import type { Action, ActionArgument, PortalSubject, SubjectArgument } from '../../ability/portal-subject.js';
import { subject } from '../../ability/subject.js';
import { type Issue, isPrincipalValidationError, PortalPermissionsError } from '../../base/errors.js';
import { ownValue } from '../../base/own.js';
import { type Explanation, explain } from '../../explain/explain.js';
import type { Policy } from '../../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike, PolicyTypesOf, TableOf } from '../../policy/policy-types.js';
import type { Principal } from '../../principal/principal.js';

/**
 * Augment with `{ policy: typeof policy }` (`declare module 'portal-permissions/fastify'`) to type
 * `request.ability` with the names your policy declares (tables, columns, roles, pages), or with
 * `{ table: YourTables }` for the table names only; plain strings otherwise.
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface the host augments, empty on purpose.
export interface PortalTables {}

/** The names `request.ability` is typed by: the augmented `PortalTables['policy']` or `['table']`, or strings. */
export type RequestTypes = PortalTables extends { readonly policy: infer TPolicy }
  ? PolicyTypesOf<TPolicy>
  : PortalTables extends { readonly table: infer TTable extends string }
    ? TTable
    : PolicyTypes;

/** The table names of `request.ability`. */
export type RequestTable = TableOf<RequestTypes>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in principal's ability, compiled (through the plugin's `AbilityCache`) on first use. */
    readonly ability: PortalAbility<RequestTypes>;
    /**
     * Throws `AuthorizationError` unless the ability allows `action` on `record`: 404 when the principal
     * may not read the record (its existence is not confirmed), 403 when it may read but not do `action`.
     */
    authorize<TSubject extends PortalSubject, TAction extends string = Action>(
      action: ActionArgument<RequestTypes, TSubject, TAction>,
      record: SubjectArgument<RequestTypes, TSubject>,
    ): void;
  }
}

/** Options of the `portalPermissions` plugin. */
export interface PortalPermissionsPluginOptions<TTypes extends PolicyTypesLike = PolicyTypes> {
  /**
   * The policy every request is checked against, or a function giving it, called once per request (in
   * `onRequest`), e.g. `() => store.current().policy` of `portal-permissions/store`: a request keeps the
   * policy it started with.
   */
  readonly policy: Policy<TTypes> | (() => Policy<TTypes>);
  /** The request's principal, loaded fresh (a signed-in contact, or `{ kind: 'anonymous' }`). */
  readonly principalFor: (request: FastifyRequest) => Principal | Promise<Principal>;
  /** Shares compiled abilities across requests; a cache of 500 by default. */
  readonly cache?: AbilityCache;
  /** Puts `explain`'s answer in refusals; by default only when `NODE_ENV` is `development`. */
  readonly explain?: boolean;
}

/** A refused `request.authorize`: `statusCode` 404 (unreadable record) or 403 (forbidden action). */
export class AuthorizationError extends PortalPermissionsError {
  override readonly name: string = 'AuthorizationError';
  /** The HTTP status Fastify answers with. */
  readonly statusCode: 403 | 404;
  /** Why, when the plugin explains refusals (development); never sent in production. */
  readonly explanation: Explanation | undefined;

  constructor(statusCode: 403 | 404, message: string, explanation: Explanation | undefined) {
    super(statusCode === 404 ? 'not_found' : 'forbidden', message);
    this.statusCode = statusCode;
    this.explanation = explanation;
  }
}

/**
 * The principal `principalFor` returned for a request was refused by validation (a malformed field, a web
 * role or team the policy does not define, D18): `statusCode` 500, since the host built it. Map it in an
 * error handler (for example to 401 and a new sign-in when a session names a role the policy removed); the
 * message names no principal data, `issues` and `cause` (the `PrincipalValidationError`) say what was wrong.
 */
export class RequestPrincipalError extends PortalPermissionsError {
  override readonly name: string = 'RequestPrincipalError';
  /** The HTTP status Fastify answers with unless the host maps the error. */
  readonly statusCode = 500 as const;
  /** Every problem validation found, with its path in the principal. */
  readonly issues: readonly Issue[];

  constructor(cause: Error & { readonly issues: readonly Issue[] }) {
    super(
      'invalid_request_principal',
      `the principal that principalFor returned for this request is invalid (${cause.issues.length} issue${cause.issues.length === 1 ? '' : 's'}, in error.issues); fix principalFor or the user's data`,
      { path: [], cause },
    );
    this.issues = cause.issues;
  }
}

const PRINCIPAL = Symbol('portal-permissions principal');
const POLICY = Symbol('portal-permissions policy');
const ABILITY = Symbol('portal-permissions ability');

type Decorated = FastifyRequest & { [PRINCIPAL]?: Principal; [POLICY]?: Policy; [ABILITY]?: PortalAbility };

const keyOf = (record: object): string | undefined => {
  const id = Object.hasOwn(record, 'id') ? (record as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? id : undefined;
};

// A principal the policy refuses is the host's error, typed so that its handler can tell it from a bug.
function abilityOrRefusal(cache: AbilityCache, policy: Policy, principal: Principal): PortalAbility {
  try {
    return cache.abilityFor(policy, principal);
  } catch (error) {
    if (isPrincipalValidationError(error)) throw new RequestPrincipalError(error);
    throw error;
  }
}

// Options are read from own properties only (RELIABILITY 19): a polluted prototype must not supply a policy or
// turn explanations on.
async function plugin(app: FastifyInstance, options: PortalPermissionsPluginOptions): Promise<void> {
  const policy = ownValue<Policy | (() => Policy)>(options, 'policy');
  const principalFor = ownValue<PortalPermissionsPluginOptions['principalFor']>(options, 'principalFor');
  if (policy === undefined || typeof principalFor !== 'function') {
    throw new PortalPermissionsError(
      'invalid_plugin_options',
      'register portalPermissions with { policy, principalFor }: the policy from definePolicy and a function returning the request principal',
      { path: [policy === undefined ? 'policy' : 'principalFor'] },
    );
  }
  const cache = ownValue<AbilityCache>(options, 'cache') ?? new AbilityCache();
  const explains = ownValue<boolean>(options, 'explain') ?? process.env.NODE_ENV === 'development';

  // The principal is loaded before the handler (it may need I/O); the ability is compiled on first use only.
  app.addHook('onRequest', async (request) => {
    // The policy is taken first, once: everything this request decides uses that one version.
    (request as Decorated)[POLICY] = typeof policy === 'function' ? policy() : policy;
    (request as Decorated)[PRINCIPAL] = await principalFor(request);
  });
  app.decorateRequest('ability', {
    getter(this: FastifyRequest): FastifyRequest['ability'] {
      const request = this as Decorated;
      if (request[ABILITY] === undefined) {
        // Fail closed: a request that skipped the hook (or whose loader failed) is an anonymous visitor.
        const served = request[POLICY] ?? (typeof policy === 'function' ? policy() : policy);
        request[ABILITY] = abilityOrRefusal(cache, served, request[PRINCIPAL] ?? { kind: 'anonymous' });
      }
      // The host's PortalTables names the policy's tables; the policy it registered is the one compiled here.
      return request[ABILITY] as unknown as FastifyRequest['ability'];
    },
  });
  app.decorateRequest('authorize', function authorize(
    this: FastifyRequest,
    checkedAction,
    checkedRecord,
  ): void {
    // The names were checked where `authorize` was called; here they are plain strings and records.
    const ability = this.ability as unknown as PortalAbility;
    const action = checkedAction as Action;
    const record = checkedRecord as PortalSubject;
    if (ability.can<PortalSubject>(action, record)) return;
    const table = (ability.detectSubjectType as (subject: unknown) => string).call(ability, record);
    const key = typeof record === 'string' ? undefined : keyOf(record);
    // A table name asks a type-level question: no record whose existence a 403 could confirm.
    const readable =
      typeof record === 'string' || (action !== 'read' && ability.can('read', subject(table, { ...record })));
    const statusCode = readable ? 403 : 404;
    const explanation = explains ? explain(ability, action, record) : undefined;
    const refusal =
      statusCode === 404
        ? `no ${table}${key === undefined ? '' : ` ${key}`} that you may read`
        : `you may not ${action} ${table}${key === undefined ? '' : ` ${key}`}`;
    throw new AuthorizationError(
      statusCode,
      explanation === undefined ? refusal : `${refusal} (${explanation.message})`,
      explanation,
    );
  } satisfies FastifyRequest['authorize']);
}

// What fastify-plugin does: decorations and hooks reach the routes of the scope that registers the plugin.
Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'portal-permissions',
});

/**
 * A Fastify plugin giving every request `request.ability` (from `principalFor(request)`, through an
 * `AbilityCache`) and `request.authorize(action, record)`. Refusals are `AuthorizationError`s with status
 * 404 (record not readable) or 403 (readable, action forbidden); the explanation is added in development. A
 * principal that fails validation throws `RequestPrincipalError` (500) when the ability is first read.
 *
 * @example
 * await app.register(portalPermissions, { policy, principalFor: (request) => loadPrincipal(request) });
 * app.get('/orders/:id', async (request) => { const order = await load(request.params.id);
 *   request.authorize('read', subject('salesorder', order)); return order; });
 */
export const portalPermissions = plugin as FastifyPluginAsync<PortalPermissionsPluginOptions<string>>;
