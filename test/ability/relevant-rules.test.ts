import { Ability } from '@casl/ability';
import { describe, expect, it, vi } from 'vitest';
import { portalPolicy } from '../../examples/customer-portal/policy.js';
import { MAX_CACHED_PAIRS } from '../../src/ability/relevant-rules.js';
import { abilityFor, type PortalAbility, type PortalRawRule, subject } from '../../src/index.js';

// Typed with plain names: some questions below name tables the policy does not declare, on purpose.
const jane = (): PortalAbility =>
  abilityFor(portalPolicy, {
    kind: 'contact',
    id: 'jane',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Authorized user'],
  }) as unknown as PortalAbility;

const order = (id: string, orderedBy: string, followerIds: string[] = []) => ({
  id,
  customerAccount: 'X',
  company: 'usmf',
  orderedBy,
  followerIds,
});

const permissionOf = (rule: ReturnType<PortalAbility['relevantRuleFor']>): string | null => {
  const provenance = (rule?.origin as PortalRawRule | undefined)?.provenance;
  return provenance?.kind === 'tablePermission' ? provenance.tablePermission : null;
};

const caslRelevantRuleFor = (ability: PortalAbility, action: string, record: unknown) =>
  (Ability.prototype.relevantRuleFor as (...args: unknown[]) => unknown).call(ability, action, record);

describe('decidingRule: the grant of an untagged row', () => {
  it('names the table permission that lets a contact read each row, and none for a colleague’s order', () => {
    const ability = jane();
    expect(permissionOf(ability.decidingRule('read', 'salesorder', order('SO-1', 'jane')))).toBe('My orders');
    expect(permissionOf(ability.decidingRule('read', 'salesorder', order('SO-2', 'sam', ['jane'])))).toBe(
      'Orders I follow',
    );
    expect(ability.decidingRule('read', 'salesorder', order('SO-3', 'sam'))).toBeNull();
  });

  it('gives the very rule relevantRuleFor gives the tagged row, and leaves the row untagged', () => {
    const ability = jane();
    const row = order('SO-1', 'jane');
    expect(ability.decidingRule('read', 'salesorder', row)).toBe(
      ability.relevantRuleFor('read', subject('salesorder', { ...row })),
    );
    expect(Object.getOwnPropertyNames(row)).not.toContain('__caslSubjectType__');
  });

  it('answers null for a value that is no row, and for a table or action that is not text', () => {
    const ability = jane();
    for (const value of [null, undefined, 'SO-1', 42])
      expect(ability.decidingRule('read', 'salesorder', value as unknown as object)).toBeNull();
    expect(ability.decidingRule('read', 42 as unknown as string, order('SO-1', 'jane'))).toBeNull();
    expect(
      ability.decidingRule(['read'] as unknown as 'read', 'salesorder', order('SO-1', 'jane')),
    ).toBeNull();
  });

  it('reads own fields only: an orderer inherited from the prototype grants nothing', () => {
    const ability = jane();
    const inherited = Object.create(order('SO-1', 'jane')) as object;
    expect(ability.decidingRule('read', 'salesorder', inherited)).toBeNull();
  });
});

describe('relevantRuleFor on a record', () => {
  it('lists the rules of a pair once per ability, however many records it is asked about', () => {
    const ability = jane();
    const rulesFor = vi.spyOn(ability, 'rulesFor');
    for (let index = 0; index < 20; index++)
      ability.relevantRuleFor(
        'read',
        subject('salesorder', order(`SO-${index}`, index % 2 ? 'jane' : 'sam')),
      );
    expect(rulesFor).toHaveBeenCalledTimes(1);
  });

  it('answers a table’s name as CASL does, listing the rules of the pair once', () => {
    const ability = jane();
    const rulesFor = vi.spyOn(ability, 'rulesFor');
    for (let index = 0; index < 5; index++) {
      expect(ability.can('create', 'salesorder')).toBe(true);
      expect(ability.can('delete', 'salesorder')).toBe(false);
    }
    expect(rulesFor).toHaveBeenCalledTimes(2);
    expect(ability.relevantRuleFor('create', 'salesorder')).toBe(
      caslRelevantRuleFor(ability, 'create', 'salesorder'),
    );
  });

  it('answers a record whose tag is forged as an untagged one, as CASL’s own method does', () => {
    const ability = jane();
    const forged = { ...order('SO-1', 'jane'), __caslSubjectType__: 'salesorder' };
    expect(ability.relevantRuleFor('read', forged as never)).toBeNull();
    expect(caslRelevantRuleFor(ability, 'read', forged)).toBeNull();
  });

  it('answers with the old rules in an `update` handler, the new ones in an `updated` handler and after', () => {
    const ability = jane();
    const row = () => subject('salesorder', order('SO-1', 'jane'));
    const before = ability.relevantRuleFor('read', row());
    const deny = { ...(before!.origin as object), inverted: true };
    let inHandler: unknown;
    let beforeHandler: unknown;
    ability.on('update', () => {
      beforeHandler = ability.relevantRuleFor('read', row());
    });
    ability.on('updated', () => {
      inHandler = ability.relevantRuleFor('read', row());
    });
    ability.update([...ability.rules, deny] as PortalAbility['rules']);
    const after = ability.relevantRuleFor('read', row());
    expect(after?.inverted).toBe(true);
    expect(after).toBe(caslRelevantRuleFor(ability, 'read', row()));
    expect(beforeHandler).toBe(before);
    expect(inHandler).toBe(after);
    expect(ability.can('read', row())).toBe(false);
  });

  it('answers like CASL in the handlers of an update that an `update` handler starts', () => {
    const ability = jane();
    const row = () => subject('salesorder', order('SO-1', 'jane'));
    const grant = ability.relevantRuleFor('read', row());
    const outer = [...ability.rules, { ...(grant!.origin as object), inverted: true }];
    const inner = [...ability.rules];
    let nested = false;
    const seen: [unknown, unknown][] = [];
    ability.on('update', () => {
      if (nested) return;
      nested = true;
      ability.update(inner as PortalAbility['rules']);
      // Asked between the inner update and the outer one's change of rules.
      ability.relevantRuleFor('read', row());
    });
    ability.on('updated', () => {
      seen.push([ability.relevantRuleFor('read', row()), caslRelevantRuleFor(ability, 'read', row())]);
    });
    ability.update(outer as PortalAbility['rules']);
    expect(seen).toHaveLength(2);
    for (const [ours, casl] of seen) expect(ours).toBe(casl);
    expect(ability.relevantRuleFor('read', row())?.inverted).toBe(true);
  });

  it(`keeps at most ${MAX_CACHED_PAIRS} pairs per ability, and answers like CASL past them`, () => {
    const ability = jane();
    // Every table a record may be tagged with is a pair: past the bound, each question goes to CASL's code.
    for (let index = 0; index < MAX_CACHED_PAIRS; index++)
      ability.relevantRuleFor('read', subject(`table${index}`, { id: 'x' }));
    const rulesFor = vi.spyOn(ability, 'rulesFor');
    const record = subject('salesorder', order('SO-1', 'jane'));
    const answers = [0, 1, 2].map(() => ability.relevantRuleFor('read', record));
    expect(rulesFor).toHaveBeenCalledTimes(3);
    for (const answer of answers) expect(answer).toBe(caslRelevantRuleFor(ability, 'read', record));
    expect(permissionOf(answers[0]!)).toBe('My orders');
  });
});
