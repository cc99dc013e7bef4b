import type { PortalAbility } from '../ability/ability.js';
import type { AccessibleWhereOptions } from './condition-where.js';

/** What `accessibleWhere` and `accessibleFragments` answer: kept per ability once built, hence frozen. */
type Fragment = object;

/** The entries one ability keeps; the oldest goes first, so a host asking unbounded questions stays bounded. */
export const FRAGMENTS_PER_ABILITY = 64;

interface AbilityFragments {
  readonly policy: object;
  readonly byKey: Map<string, Fragment>;
  /** The last keyed request answered and its fragment: a route asks one question per request, over and over. */
  last: LastRequest | undefined;
}

/** A keyed request as given (kind, action, table and the own options' values) and the fragment it got. */
interface LastRequest {
  readonly kind: string;
  readonly action: string;
  readonly table: string;
  readonly dialect: string;
  readonly alias: string | undefined;
  readonly firstParameter: number | undefined;
  readonly fragment: Fragment;
}

const cache = new WeakMap<object, AbilityFragments>();

/**
 * The cache key of a request for a fragment, or `undefined` when one of its parts cannot be keyed by value:
 * a `mapping` is an object the host may change between calls, so a mapped request is always built afresh.
 * `options` is the own-properties copy the fragment is built from, so key and fragment read the same values.
 */
function keyOf(
  kind: string,
  action: unknown,
  table: unknown,
  options: AccessibleWhereOptions,
): string | undefined {
  const { dialect, alias, firstParameter, mapping } = options;
  if (mapping !== undefined || typeof action !== 'string' || typeof table !== 'string') return undefined;
  if (typeof dialect !== 'string') return undefined;
  if (alias !== undefined && typeof alias !== 'string') return undefined;
  if (firstParameter !== undefined && typeof firstParameter !== 'number') return undefined;
  return JSON.stringify([kind, action, table, dialect, alias ?? null, firstParameter ?? 1]);
}

// Rules change only through `update` (CASL replaces them and emits `updated`): then every fragment built from
// the old rules is forgotten, even one built by a handler of the `update` event that ran before the change.
function fragmentsOf(ability: PortalAbility): AbilityFragments {
  const entry = cache.get(ability);
  if (entry !== undefined && entry.policy === ability.policy) return entry;
  if (entry === undefined) ability.on('updated', () => cache.delete(ability));
  const fresh: AbilityFragments = { policy: ability.policy, byKey: new Map(), last: undefined };
  cache.set(ability, fresh);
  return fresh;
}

// Whether `options` and the rest are the last keyed request's, value for value: it then has the same key. A
// request whose values differ but key alike (no `firstParameter` and `1`) is answered from the map instead.
function isLast(
  last: LastRequest,
  kind: string,
  action: unknown,
  table: unknown,
  options: AccessibleWhereOptions,
): boolean {
  return (
    last.action === action &&
    last.table === table &&
    last.kind === kind &&
    last.dialect === options.dialect &&
    last.alias === options.alias &&
    last.firstParameter === options.firstParameter &&
    options.mapping === undefined
  );
}

/** Freezes a fragment and the arrays in it, so no caller can change what the next request is answered. */
export function frozenFragment<TFragment extends Fragment>(fragment: TFragment): TFragment {
  for (const value of Object.values(fragment)) {
    if (Array.isArray(value)) {
      for (const item of value) if (Array.isArray(item)) Object.freeze(item);
      Object.freeze(value);
    }
  }
  return Object.freeze(fragment);
}

/**
 * The fragment `build` writes for one request, built once per ability and request: an ability's rules are
 * fixed until `update`, and the fragment depends only on them, the policy and the keyed options. Errors are
 * never kept: a request that throws throws again.
 */
export function cachedFragment<TFragment extends Fragment>(
  ability: PortalAbility,
  kind: string,
  action: unknown,
  table: unknown,
  options: AccessibleWhereOptions,
  build: () => TFragment,
): TFragment {
  const found = cache.get(ability);
  const current = found !== undefined && found.policy === ability.policy ? found : undefined;
  const last = current?.last;
  if (last !== undefined && isLast(last, kind, action, table, options)) return last.fragment as TFragment;
  const key = keyOf(kind, action, table, options);
  if (key === undefined) return frozenFragment(build());
  // Keyed, so action and table are text.
  const asked = { kind, action: action as string, table: table as string };
  const hit = current?.byKey.get(key);
  if (hit !== undefined) {
    remember(current!, asked, hit, options);
    return hit as TFragment;
  }
  // Built before anything is stored: a request that throws (not an ability, unknown table) leaves no entry.
  const fragment = frozenFragment(build());
  const entry = fragmentsOf(ability);
  const { byKey } = entry;
  if (byKey.size >= FRAGMENTS_PER_ABILITY) byKey.delete(byKey.keys().next().value as string);
  byKey.set(key, fragment);
  remember(entry, asked, fragment, options);
  return fragment;
}

// Only a keyed request is remembered (`keyOf` gave a key): its options are keyable.
function remember(
  entry: AbilityFragments,
  asked: { readonly kind: string; readonly action: string; readonly table: string },
  fragment: Fragment,
  options: AccessibleWhereOptions,
): void {
  entry.last = {
    ...asked,
    dialect: options.dialect,
    alias: options.alias,
    firstParameter: options.firstParameter,
    fragment,
  };
}
