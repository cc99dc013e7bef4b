import { describe, expect, it } from 'vitest';
import { definePolicy } from '../../src/index.js';
import { onlyNarrows, onlyWidens, PolicyPropertyError } from '../../src/testing/index.js';
import { customerPortal, customerPortalInput } from '../fixtures/customer-portal.js';
import { representativeGoesGlobal, representativeGoesGlobalInput } from '../fixtures/planted-bug.js';
import { propertyRuns } from '../fixtures/property-runs.js';

const RUNS = { runs: propertyRuns(300) };

function failureOf(run: () => void): PolicyPropertyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyPropertyError) return error;
    throw error;
  }
  throw new Error('expected the property to fail');
}

describe('onlyWidens and onlyNarrows', () => {
  it('an unchanged policy only widens and only narrows', () => {
    onlyWidens(customerPortal, definePolicy(customerPortalInput), RUNS);
    onlyNarrows(customerPortal, customerPortalInput, RUNS);
  });

  it('making the representative’s permission global only widens', () => {
    onlyWidens(customerPortal, representativeGoesGlobal, RUNS);
  });

  it('onlyNarrows finds the access the global scope adds, naming the grant responsible', () => {
    const error = failureOf(() =>
      onlyNarrows(customerPortal, representativeGoesGlobal, { ...RUNS, seed: 7 }),
    );
    expect(error.code).toBe('access_widened');
    expect(error.counterexample?.explanation).toContain(
      'table permission "Company orders" (global scope) via web role "Customer representative"',
    );
    expect(error.message).toMatch(/^onlyNarrows failed: the new policy grants access the old one did not\n/);
    expect(error.message).toMatch(/\n {2}before: {6}contact "[^"]+" cannot read (a )?salesorder/);
  });

  it('onlyWidens finds the access lost when the change is undone, naming the grant that allowed it', () => {
    const error = failureOf(() =>
      onlyWidens(representativeGoesGlobalInput, customerPortal, { ...RUNS, seed: 5 }),
    );
    expect(error.code).toBe('access_narrowed');
    expect(error.counterexample?.explanation).toMatch(
      /^before: contact "[^"]+" can read (a )?salesorder .*table permission "Company orders" \(global scope\)/,
    );
  });

  it('deleting a web role takes its access from the contacts who held it', () => {
    const withoutRepresentatives = {
      ...customerPortalInput,
      webRoles: customerPortalInput.webRoles.filter((role) => role.name !== 'Customer representative'),
      tablePermissions: customerPortalInput.tablePermissions.filter(
        (permission) => permission.name !== 'Company orders',
      ),
    };
    onlyNarrows(customerPortal, withoutRepresentatives, RUNS);
    const error = failureOf(() => onlyWidens(customerPortal, withoutRepresentatives, { ...RUNS, seed: 3 }));
    expect(error.counterexample?.explanation).toContain('"Company orders" (account scope)');
  });
});
