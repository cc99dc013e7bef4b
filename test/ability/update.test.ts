import { describe, expect, it } from 'vitest';
import { abilityFor, canUpdate, definePolicy, subject } from '../../src/index.js';

function setup() {
  const policy = definePolicy({
    tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' } },
    webRoles: [{ name: 'Customer representative' }],
    tablePermissions: [
      {
        name: 'Company orders',
        table: 'salesorder',
        scope: 'account',
        privileges: ['read', 'write'],
        webRoles: ['Customer representative'],
      },
    ],
  });
  const rep = abilityFor(policy, {
    kind: 'contact',
    id: 'rita',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Customer representative'],
  });
  const stored = { id: 'SO-1', orderedBy: 'jane', customerAccount: 'X', company: 'usmf' };
  return { rep, stored };
}

describe('updates are checked on the record before and after (RELIABILITY 16)', () => {
  it('a customer representative may change an order of her company within the company', () => {
    const { rep, stored } = setup();
    const after = { ...stored, orderedBy: 'sam' };
    expect(canUpdate(rep, subject('salesorder', { ...stored }), subject('salesorder', after))).toBe(true);
  });

  it('a customer representative cannot move an order of her company into another company', () => {
    const { rep, stored } = setup();
    const moved = { ...stored, customerAccount: 'Y' };
    expect(rep.can('write', subject('salesorder', { ...stored }))).toBe(true);
    expect(canUpdate(rep, subject('salesorder', { ...stored }), subject('salesorder', moved))).toBe(false);
  });

  it('a customer representative cannot pull another company’s order into hers', () => {
    const { rep, stored } = setup();
    const foreign = { ...stored, customerAccount: 'Y' };
    expect(canUpdate(rep, subject('salesorder', foreign), subject('salesorder', { ...stored }))).toBe(false);
  });

  it('refuses a bare table name instead of answering for "some record"', () => {
    const { rep, stored } = setup();
    expect(() => canUpdate(rep, 'salesorder' as never, subject('salesorder', stored))).toThrow(TypeError);
  });
});
