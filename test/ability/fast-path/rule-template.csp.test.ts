import { afterEach, describe, expect, it, vi } from 'vitest';
import { config as zodConfig } from 'zod';
import { customerPortalInput } from '../../fixtures/customer-portal.js';

// The modules are loaded afresh in a realm that refuses code generation. The mutation runs' setup
// (test/setup/fresh-rule-templates.ts) mocks the template module, and a mocked module is not loaded afresh by
// vi.resetModules: it is unmocked here, so the module under test is the template module itself, loaded anew.
const TEMPLATES = '../../../src/ability/fast-path/rule-template.js';

describe('where the realm forbids code generation (a strict Content-Security-Policy)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    zodConfig({ jitless: false });
    // The modules imported here probed a hostile Function: no later test may be handed them.
    vi.resetModules();
  });

  it('abilities bound from one template answer through closures, each reading only their own orders', async () => {
    vi.doUnmock(TEMPLATES);
    vi.resetModules();
    // zod generates code too, and such a realm makes it stop: its schemas are made jitless as they load.
    zodConfig({ jitless: true });
    const refusing = new Proxy(globalThis.Function, {
      construct() {
        throw new EvalError('Code generation from strings disallowed for this context');
      },
    });
    vi.stubGlobal('Function', refusing);
    const fresh = await import('../../../src/index.js');
    const policy = fresh.definePolicy(customerPortalInput);
    const order = (orderedBy: string) =>
      fresh.subject('salesorder', {
        id: `SO-${orderedBy}`,
        orderedBy,
        customerAccount: 'X',
        company: 'usmf',
      });
    for (const id of ['a', 'b']) {
      const ability = fresh.abilityFor(policy, {
        kind: 'contact',
        id,
        accountId: 'X',
        legalEntity: 'usmf',
        webRoles: ['Authorized user'],
      });
      expect(ability.predicateFor('read', 'salesorder').name).not.toBe('matches');
      expect(['a', 'b', 'c'].filter((other) => ability.can('read', order(other)))).toEqual([id]);
    }
  });
});
