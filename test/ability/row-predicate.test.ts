import { afterEach, describe, expect, it } from 'vitest';
import { abilityFor, configure, type PortalRawRule, subject } from '../../src/index.js';
import { customerPortal, orders, people } from '../fixtures/customer-portal.js';

// The library emits grants only; CASL's `update` lets a caller add denies (`inverted`, CASL's `cannot`). A record
// check must read them as CASL does: the rule of highest priority (the last given) whose conditions match decides.
const cannotRead = (conditions?: object) =>
  ({ action: 'read', subject: 'salesorder', inverted: true, ...(conditions ? { conditions } : {}) }) as const;
const idIs = (id: string) => ({ operator: 'eq', field: 'id', value: id });

function janeWith(...added: object[]) {
  const jane = abilityFor(customerPortal, people.jane);
  jane.update([...(jane.rules as unknown as PortalRawRule[]), ...added] as never);
  return jane;
}

const mine = (id: string) => ({ ...orders.janes, id });

afterEach(() => {
  configure({ jitless: false });
});

describe('a deny added with update is never read as a grant (D55)', () => {
  for (const jitless of [false, true]) {
    describe(jitless ? 'compiled alone (jitless)' : 'bound from a template', () => {
      it('an unconditional cannot denies every row her grant allowed: can, check and the predicate say no, as CASL does on the table', () => {
        configure({ jitless });
        const jane = janeWith(cannotRead());
        expect(jane.can('read', subject('salesorder', mine('SO-1')))).toBe(false);
        expect(jane.check('read', 'salesorder', mine('SO-1'))).toBe(false);
        expect(jane.predicateFor('read', 'salesorder')(mine('SO-1'))).toBe(false);
        expect(jane.can('read', 'salesorder')).toBe(false);
      });

      it('an inverted rule denies a row the positive rule would allow, and only the rows its conditions match', () => {
        configure({ jitless });
        const jane = janeWith(cannotRead(idIs('SO-1')));
        expect(jane.can('read', subject('salesorder', mine('SO-1')))).toBe(false);
        expect(jane.check('read', 'salesorder', mine('SO-1'))).toBe(false);
        expect(jane.can('read', subject('salesorder', mine('SO-7')))).toBe(true);
        expect(jane.check('read', 'salesorder', mine('SO-7'))).toBe(true);
        expect(jane.can('read', subject('salesorder', { ...orders.sams, id: 'SO-7' }))).toBe(false);
      });

      it('a deny given to a contact without any grant on the table grants nothing', () => {
        configure({ jitless });
        const may = abilityFor(customerPortal, people.may);
        may.update([...(may.rules as unknown as PortalRawRule[]), cannotRead(idIs('SO-1'))] as never);
        expect(may.check('read', 'salesorder', { ...orders.mays, id: 'SO-1' })).toBe(false);
        expect(may.check('read', 'salesorder', orders.mays)).toBe(false);
        expect(may.can('read', subject('salesorder', { ...orders.mays }))).toBe(false);
      });

      it('a grant given after a deny outranks it, as CASL orders rules, and a deny after a grant outranks the grant', () => {
        configure({ jitless });
        const grantLast = janeWith(cannotRead(), {
          action: 'read',
          subject: 'salesorder',
          conditions: idIs('SO-1'),
        });
        expect(grantLast.check('read', 'salesorder', mine('SO-1'))).toBe(true);
        expect(grantLast.check('read', 'salesorder', mine('SO-7'))).toBe(false);
        expect(grantLast.check('read', 'salesorder', { ...orders.sams, id: 'SO-1' })).toBe(true);
        const denyLast = janeWith(
          { action: 'read', subject: 'salesorder', conditions: idIs('SO-1') },
          cannotRead(),
        );
        expect(denyLast.check('read', 'salesorder', mine('SO-1'))).toBe(false);
      });
    });
  }
});
