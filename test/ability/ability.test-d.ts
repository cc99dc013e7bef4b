import { describe, expectTypeOf, it } from 'vitest';
import {
  type Action,
  abilityFor,
  canAttach,
  type PortalAbility,
  type Principal,
  subject,
  type TableOf,
} from '../../src/index.js';
import { customerPortal, people } from '../fixtures/customer-portal.js';

const order = { id: 'SO-1', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' };
const ability = abilityFor(customerPortal, people.jane);

describe('the types of an ability', () => {
  it('infers the table names of the policy literal', () => {
    expectTypeOf<TableOf<typeof ability>>().toEqualTypeOf<
      'salesorder' | 'salesorderline' | 'contact' | 'terms'
    >();
    expectTypeOf(ability).toExtend<PortalAbility<'salesorder' | 'salesorderline' | 'contact' | 'terms'>>();
  });

  it('accepts a known table for a type-level check and refuses an unknown one', () => {
    expectTypeOf(ability.can('read', 'salesorder')).toEqualTypeOf<boolean>();
    // @ts-expect-error: salesorderX is not a table of the policy
    ability.can('read', 'salesorderX');
  });

  it('accepts only the privileges of a table permission as actions', () => {
    expectTypeOf<Parameters<typeof ability.can>[0]>().toEqualTypeOf<Action>();
    ability.can('appendTo', 'salesorder');
    // @ts-expect-error: manage is not a portal privilege
    ability.can('manage', 'salesorder');
  });

  it('accepts a record tagged with a known table and refuses one tagged with an unknown table', () => {
    ability.can('read', subject('salesorder', order));
    // @ts-expect-error: the tag names no table of the policy
    ability.can('read', subject('salesorderX', order));
    // @ts-expect-error: an untagged record has no table
    ability.can('read', order);
  });

  it('keeps the tag type on a subject and accepts records typed by an interface', () => {
    expectTypeOf(subject('salesorder', order).__caslSubjectType__).toEqualTypeOf<'salesorder'>();
    interface SalesOrder {
      readonly id: string;
      readonly orderedBy: string;
    }
    const typed: SalesOrder = { id: 'SO-1', orderedBy: 'jane' };
    ability.can('read', subject('salesorder', typed));
  });

  it('lets the record-level attach helper take tagged records only, never a bare table name', () => {
    const line = subject('salesorderline', { id: 'L1', salesOrderId: 'SO-1' });
    expectTypeOf(canAttach(ability, line, subject('salesorder', order))).toEqualTypeOf<boolean>();
    // @ts-expect-error: a bare table name is not a record
    canAttach(ability, 'salesorderline', subject('salesorder', order));
    // @ts-expect-error: a bare table name is not a record
    canAttach(ability, line, 'salesorder');
    // @ts-expect-error: an untagged record has no table
    canAttach(ability, line, order);
  });

  it('accepts principals written as readonly literals', () => {
    const frozen = { kind: 'contact', id: 'jane', webRoles: ['Authorized user'] } as const;
    expectTypeOf(frozen).toExtend<Principal>();
    abilityFor(customerPortal, frozen);
  });
});
