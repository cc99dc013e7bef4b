import { afterEach, describe, expect, it } from 'vitest';
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

  it('refuses options that are not an object', () => {
    expect(errorOf(() => configure(null as never)).code).toBe('invalid_options');
  });
});
