import { beforeEach, vi } from 'vitest';
import type { PolicyIndex } from '../../src/policy/policy.js';

/**
 * Mutation testing only (vitest.mutate.config.ts): every test compiles its principals afresh. abilityFor keeps
 * one compiled template per principal shape and policy (src/ability/fast-path/rule-template.ts); with Stryker's
 * `perTest` coverage a compiler line is then credited only to the first test that compiles the shape, and
 * the later tests, which may be the ones that would fail, are never run against the mutant. The cache is
 * keyed by the policy's index object alone, so handing it a stand-in key that changes at every test empties
 * it for that test without touching the library: within a test, templates are shared as usual.
 */
const state = vi.hoisted(() => ({ keys: new WeakMap<object, object>() }));

vi.mock('../../src/ability/fast-path/rule-template.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ability/fast-path/rule-template.js')>();
  const keyOf = (index: PolicyIndex): PolicyIndex => {
    let key = state.keys.get(index);
    if (key === undefined) {
      key = {};
      state.keys.set(index, key);
    }
    return key as PolicyIndex;
  };
  return {
    ...original,
    templateFor: (...[index, ...rest]: Parameters<typeof original.templateFor>) =>
      original.templateFor(keyOf(index), ...rest),
  };
});

beforeEach(() => {
  state.keys = new WeakMap();
});
