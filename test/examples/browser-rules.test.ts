// The recipe of docs/cookbook/rules-in-the-browser.md: rules packed on the server, unpacked in a browser.
import { Ability, subject as caslSubject, fieldPatternMatcher } from '@casl/ability';
import { packRules, unpackRules } from '@casl/ability/extra';
import { abilityFor, conditionsMatcher, subject } from 'portal-permissions';
import { describe, expect, it } from 'vitest';
import { portalPolicy } from '../../examples/customer-portal/policy.js';

const jane = {
  kind: 'contact',
  id: 'jane',
  accountId: 'X',
  legalEntity: 'usmf',
  webRoles: ['Authorized user'],
} as const;

function browserAbility(packedJson: string): Ability {
  // Record-level decisions stay on the server: a conditioned rule never matches a record here.
  // Column security adds field rules, which CASL reads only with a fieldMatcher.
  return new Ability(unpackRules(JSON.parse(packedJson)), {
    conditionsMatcher: () => () => false,
    fieldMatcher: fieldPatternMatcher,
  });
}

describe('rules sent to a browser with packRules', () => {
  const packed = JSON.stringify(
    packRules(abilityFor(portalPolicy, { ...jane, webRoles: [...jane.webRoles] }).rules),
  );

  it('answer type-level questions as on the server, to show or hide buttons', () => {
    const server = abilityFor(portalPolicy, { ...jane, webRoles: [...jane.webRoles] });
    const browser = browserAbility(packed);
    for (const action of ['read', 'create', 'write', 'delete', 'append', 'appendTo'] as const) {
      for (const table of ['salesorder', 'salesorderline', 'terms', 'contact'] as const) {
        expect(browser.can(action, table), `${action} ${table}`).toBe(server.can(action, table));
      }
    }
    // Column security travels too: the browser can hide the Total column from an Authorized user.
    expect(browser.can('read', 'salesorder', 'total')).toBe(false);
    expect(browser.can('read', 'salesorder', 'status')).toBe(server.can('read', 'salesorder', 'status'));
  });

  it('never allow a record-level check on a conditioned rule in the browser', () => {
    const janes = caslSubject('salesorder', {
      id: 'SO-1',
      customerAccount: 'X',
      company: 'usmf',
      orderedBy: 'jane',
    });
    expect(browserAbility(packed).can('read', janes)).toBe(false);
  });

  it('carry each rule reason, so a UI can say why', () => {
    const reasons = (JSON.parse(packed) as unknown[][]).map((rule) => rule[5]);
    expect(reasons).toContain('web role "Authorized user" → table permission "My orders" (contact scope)');
  });

  it('give the same record-level answers as the server when unpacked with the library matcher', () => {
    const server = abilityFor(portalPolicy, { ...jane, webRoles: [...jane.webRoles] });
    const browser = new Ability(unpackRules(JSON.parse(packed)), {
      conditionsMatcher,
      fieldMatcher: fieldPatternMatcher,
    });
    const rows = [
      { id: 'SO-1', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' },
      { id: 'SO-2', customerAccount: 'X', company: 'usmf', orderedBy: 'sam' },
      { id: 'SO-3', customerAccount: 'Y', company: 'usmf', orderedBy: 'may' },
    ];
    const decisions = (ability: { can: (action: string, record: object) => boolean }) =>
      rows.flatMap((row) =>
        (['read', 'create', 'write'] as const).map((action) =>
          ability.can(action, subject('salesorder', { ...row })),
        ),
      );
    expect(decisions(browser)).toEqual(decisions(server as never));
    expect(decisions(browser)).toContain(true);
  });
});
