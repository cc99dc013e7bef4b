import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as library from '../../src/accounts/index.js';
import { isLifecycleRefusal, LifecycleRefusal } from '../../src/accounts/index.js';
import { PolicyValidationError } from '../../src/index.js';

/** An error made in another realm, shaped like the library's errors (a name, a code, a path). */
function foreignError(name: string): unknown {
  return runInNewContext(
    `(() => { const e = new Error('refused'); e.name = ${JSON.stringify(name)}; e.code = 'some_code'; e.path = []; return e; })()`,
  );
}

const refusalClasses = Object.entries(library).filter(
  ([, value]) =>
    typeof value === 'function' &&
    (value === LifecycleRefusal || value.prototype instanceof LifecycleRefusal),
);

describe('isLifecycleRefusal', () => {
  it('a policy validation error is not a lifecycle refusal, even though its name ends in "Error"', () => {
    const error = new PolicyValidationError([{ code: 'x', path: [], message: 'bad policy' }]);
    expect(isLifecycleRefusal(error)).toBe(false);
    expect(isLifecycleRefusal(foreignError('PolicyValidationError'))).toBe(false);
    expect(isLifecycleRefusal(foreignError('TypeError'))).toBe(false);
  });

  it('a refusal from another realm is recognized by the name of a lifecycle refusal class', () => {
    expect(refusalClasses.length).toBeGreaterThan(20);
    for (const [name] of refusalClasses) expect(isLifecycleRefusal(foreignError(name)), name).toBe(true);
  });

  it('a plain object that only looks like an error is not a refusal', () => {
    expect(isLifecycleRefusal({ name: 'OperationNotAllowedError', code: 'x', path: [] })).toBe(false);
  });
});
