import { PortalPermissionsError } from '../base/errors.js';

/** The library-wide settings `configure` changes. */
export interface PortalPermissionsConfig {
  /**
   * Never generate code with `new Function`: every predicate runs as closures (slower, same answers). For a
   * Content-Security-Policy without `'unsafe-eval'`, or Node's `--disallow-code-generation-from-strings`.
   */
  readonly jitless: boolean;
}

interface MutableConfig {
  jitless?: unknown;
}

// One configuration per realm, on globalThis under a registered symbol (as zod 4 keeps its own): the ESM and
// CommonJS copies of the package, or two bundles, all read it, so `configure` on one reaches the others. A
// host may also set it before the package loads (`globalThis[Symbol.for('portal-permissions.config')] =
// { jitless: true }`), so that not even the first ability probes `new Function`.
const CONFIG_KEY = Symbol.for('portal-permissions.config');

type Holder = { [CONFIG_KEY]?: unknown };

// The object last found as globalThis's own slot. The settings are read on every check of the fast path, and
// asking globalThis whether a property is its own is slow: while a read of the slot gives this very object,
// the slot was not replaced, so only its settings are read again. A replaced slot (another object, a
// primitive, nothing) is looked up in full. The one case not told apart: the host deletes the own slot and
// puts that very object on globalThis's prototype chain; its settings then keep counting.
let adopted: MutableConfig | undefined;

function shared(): MutableConfig {
  const slot = (globalThis as Holder)[CONFIG_KEY];
  return slot === adopted && adopted !== undefined ? adopted : adopt();
}

function adopt(): MutableConfig {
  const holder = globalThis as Holder;
  const existing = Object.hasOwn(holder, CONFIG_KEY) ? holder[CONFIG_KEY] : undefined;
  if (typeof existing === 'object' && existing !== null) {
    adopted = existing as MutableConfig;
    return adopted;
  }
  const created: MutableConfig = {};
  // A host that locked the slot with something else keeps it: the settings then stay at their defaults.
  if (!Reflect.defineProperty(holder, CONFIG_KEY, { value: created, configurable: true, writable: true })) {
    adopted = undefined;
    return {};
  }
  adopted = created;
  return created;
}

/**
 * Whether generated code is off: an own `jitless: true` only. The value is read first and kept only when it
 * is the slot's own: an inherited `jitless` is not configuration.
 */
export function isJitless(): boolean {
  const config = shared();
  return config.jitless === true && Object.hasOwn(config, 'jitless');
}

/**
 * Changes library-wide settings and returns them. Read from own properties; call it at start-up, before the
 * first ability answers: predicates compiled earlier keep their form.
 *
 * @example configure({ jitless: true }); // a strict Content-Security-Policy: never `new Function`
 */
export function configure(options: Partial<PortalPermissionsConfig> = {}): PortalPermissionsConfig {
  if (typeof options !== 'object' || options === null) {
    throw new PortalPermissionsError(
      'invalid_options',
      `configure takes an object such as { jitless: true }, got ${options === null ? 'null' : typeof options}`,
    );
  }
  for (const key of Reflect.ownKeys(options)) {
    // A misspelt switch must not leave code generation on unnoticed under a strict CSP.
    if (key !== 'jitless') {
      throw new PortalPermissionsError(
        'invalid_options',
        `configure knows only the setting "jitless", got ${JSON.stringify(String(key))}`,
        { path: [String(key)] },
      );
    }
  }
  if (Object.hasOwn(options, 'jitless')) {
    const jitless: unknown = options.jitless;
    if (typeof jitless !== 'boolean') {
      throw new PortalPermissionsError(
        'invalid_options',
        `jitless must be true (never generate code) or false, got ${typeof jitless}`,
        { path: ['jitless'] },
      );
    }
    if (!Reflect.set(shared(), 'jitless', jitless)) {
      throw new PortalPermissionsError(
        'configuration_locked',
        'the shared configuration (globalThis[Symbol.for("portal-permissions.config")]) is frozen; set jitless there before freezing it',
        { path: ['jitless'] },
      );
    }
  }
  return { jitless: isJitless() };
}
