import { afterEach, describe, expect, it, vi } from 'vitest';
import { isJitless } from '../../src/ability/config.js';
import { configure, isPortalPermissionsError, type PortalPermissionsConfig } from '../../src/index.js';

function errorOf(run: () => unknown): { code: string; path: readonly unknown[]; message: string } {
  try {
    run();
  } catch (error) {
    if (isPortalPermissionsError(error)) return error;
    throw error;
  }
  throw new Error('expected configure to throw');
}

const KEY = Symbol.for('portal-permissions.config');
const holder = globalThis as Record<symbol, unknown>;

/**
 * Runs `body`, then puts back the slot globalThis held before (or none) and Object.prototype as it was, once
 * `body` (sync or async) is done.
 */
async function withSlot(body: () => unknown): Promise<void> {
  const had = Object.hasOwn(holder, KEY);
  const previous = holder[KEY];
  try {
    await body();
  } finally {
    delete (Object.prototype as Record<symbol, unknown>)[KEY];
    if (had) holder[KEY] = previous;
    else delete holder[KEY];
  }
}

/** A copy of the configuration module with its own module state, as a second bundle of the package has. */
async function secondCopy(): Promise<typeof import('../../src/ability/config.js')> {
  vi.resetModules();
  return import('../../src/ability/config.js');
}

afterEach(() => {
  configure({ jitless: false });
});

describe('configure', () => {
  it('switches generated code off and on again, and says what is in force', () => {
    expect(configure({ jitless: true })).toEqual({ jitless: true });
    expect(isJitless()).toBe(true);
    expect(configure({ jitless: false })).toEqual({ jitless: false });
    expect(configure()).toEqual({ jitless: false });
  });

  it('reads only own properties: an inherited jitless is not configuration', () => {
    const inherited = Object.create({ jitless: true }) as Partial<PortalPermissionsConfig>;
    expect(configure(inherited)).toEqual({ jitless: false });
  });

  it('keeps the setting where a second copy of the package finds it: on globalThis under a registered symbol', () => {
    configure({ jitless: true });
    const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('portal-permissions.config')];
    expect(shared).toMatchObject({ jitless: true });
    expect(Object.keys(globalThis)).not.toContain('portal-permissions.config');
  });

  it('refuses a value that is not a boolean, naming the setting', () => {
    const error = errorOf(() => configure({ jitless: 'yes' } as never));
    expect(error.code).toBe('invalid_options');
    expect(error.path).toEqual(['jitless']);
    expect(isJitless()).toBe(false);
  });

  it('refuses a misspelt setting instead of leaving code generation on', () => {
    const error = errorOf(() => configure({ jitles: true } as never));
    expect(error.code).toBe('invalid_options');
    expect(error.message).toContain('"jitless"');
  });

  it('refuses to change a configuration the host froze, with a library error', () => {
    const key = Symbol.for('portal-permissions.config');
    const holder = globalThis as Record<symbol, unknown>;
    const previous = holder[key];
    holder[key] = Object.freeze({ jitless: true });
    try {
      expect(isJitless()).toBe(true);
      expect(errorOf(() => configure({ jitless: false })).code).toBe('configuration_locked');
    } finally {
      holder[key] = previous;
    }
  });

  it('follows a slot the host replaces at run time, each time it is replaced', () => {
    return withSlot(() => {
      expect(isJitless()).toBe(false);
      holder[KEY] = { jitless: true };
      expect(isJitless()).toBe(true);
      holder[KEY] = {};
      expect(isJitless()).toBe(false);
      holder[KEY] = { jitless: true };
      expect(configure()).toEqual({ jitless: true });
    });
  });

  it('reads the setting again on every check: a slot changed in place is followed', () => {
    return withSlot(() => {
      const slot = { jitless: false };
      holder[KEY] = slot;
      expect(isJitless()).toBe(false);
      slot.jitless = true;
      expect(isJitless()).toBe(true);
      delete (slot as { jitless?: boolean }).jitless;
      expect(isJitless()).toBe(false);
    });
  });

  it('takes no jitless the slot inherits: only its own true switches generated code off', () => {
    return withSlot(() => {
      holder[KEY] = Object.create({ jitless: true });
      expect(isJitless()).toBe(false);
      holder[KEY] = Object.assign(Object.create({ jitless: true }), { jitless: false });
      expect(isJitless()).toBe(false);
      holder[KEY] = { jitless: 'true' };
      expect(isJitless()).toBe(false);
    });
  });

  it('takes no slot globalThis inherits: a slot on Object.prototype is not configuration', () => {
    return withSlot(() => {
      delete holder[KEY];
      (Object.prototype as Record<symbol, unknown>)[KEY] = { jitless: true };
      expect(isJitless()).toBe(false);
      // The package then keeps a slot of its own, where configure writes.
      expect(configure({ jitless: true })).toEqual({ jitless: true });
      expect(Object.hasOwn(holder, KEY)).toBe(true);
    });
  });

  it('starts again from the defaults when the host deletes the slot or puts something else in it', () => {
    return withSlot(() => {
      configure({ jitless: true });
      delete holder[KEY];
      expect(isJitless()).toBe(false);
      configure({ jitless: true });
      holder[KEY] = 42;
      expect(isJitless()).toBe(false);
      expect(configure({ jitless: true })).toEqual({ jitless: true });
      expect(holder[KEY]).toMatchObject({ jitless: true });
    });
  });

  it('a second copy of the package reads and writes the same setting as the first', async () => {
    const copy = await secondCopy();
    expect(copy.isJitless).not.toBe(isJitless);
    expect(copy.isJitless()).toBe(false);
    configure({ jitless: true });
    expect(copy.isJitless()).toBe(true);
    copy.configure({ jitless: false });
    expect(isJitless()).toBe(false);
    // A slot the host replaces is followed by both copies.
    await withSlot(() => {
      holder[KEY] = { jitless: true };
      expect([isJitless(), copy.isJitless()]).toEqual([true, true]);
    });
  });

  it('a host may set the slot before the package loads: the first check already reads it', async () => {
    await withSlot(async () => {
      holder[KEY] = Object.freeze({ jitless: true });
      const copy = await secondCopy();
      expect(copy.isJitless()).toBe(true);
      expect(errorOf(() => copy.configure({ jitless: false })).code).toBe('configuration_locked');
    });
  });

  it('refuses options that are not an object', () => {
    expect(errorOf(() => configure(null as never)).code).toBe('invalid_options');
  });
});
