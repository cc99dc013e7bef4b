import { describe, expect, it } from 'vitest';
import {
  isPolicyStoreError,
  PolicyStoreError,
  PolicyVersionConflictError,
  PolicyWidensError,
} from '../../src/store/store-errors.js';

describe('policy store errors', () => {
  it('a conflict names both versions and the base version to publish from next', () => {
    const error = new PolicyVersionConflictError(3, 5);
    expect(error).toMatchObject({
      code: 'policy_version_conflict',
      path: ['baseVersion'],
      baseVersion: 3,
      currentVersion: 5,
      name: 'PolicyVersionConflictError',
    });
    expect(error.message).toBe(
      'the change was made from version 3 but version 5 is published now; review the change against version 5 and publish again with baseVersion: 5',
    );
    expect(new PolicyVersionConflictError(null, null).message).toBe(
      'the change was made from version none but version none is published now; review the change against version none and publish again with baseVersion: null',
    );
  });

  it('a widening lists its first five findings and counts the rest', () => {
    const findings = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const error = new PolicyWidensError(findings, undefined);
    expect(error.message).toBe(
      'the change widens access; nothing was published. Narrow it, or publish with allowWiden: true and a reason that the audit trail keeps:\n- a\n- b\n- c\n- d\n- e\n- … and 2 more',
    );
    expect(new PolicyWidensError(findings.slice(0, 5), undefined).message).toMatch(/\n- e$/);
    expect(error).toMatchObject({ code: 'policy_widens', path: ['allowWiden'], findings, diff: undefined });
  });

  it('the guard knows the store errors by name across realms, and nothing else', () => {
    expect(isPolicyStoreError(new PolicyStoreError('no_published_policy', 'x'))).toBe(true);
    for (const name of ['PolicyStoreError', 'PolicyVersionConflictError', 'PolicyWidensError']) {
      const foreign = Object.assign(new Error('x'), { name, code: 'policy_widens' });
      expect(isPolicyStoreError(foreign), name).toBe(true);
    }
    expect(isPolicyStoreError(Object.assign(new Error('x'), { name: 'PolicyStoreError' }))).toBe(false);
    expect(
      isPolicyStoreError(Object.assign(new Error('x'), { name: 'TypeError', code: 'policy_widens' })),
    ).toBe(false);
    expect(isPolicyStoreError({ name: 'PolicyStoreError', code: 'policy_widens' })).toBe(false);
  });
});
