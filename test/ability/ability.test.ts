import { inspect } from 'node:util';
import { subject as caslSubject } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { MAX_CACHED_FIELDS } from '../../src/ability/predicates.js';
import { abilityFor, definePolicy, pickPermitted, subject } from '../../src/index.js';
import { customerPortal, order, orders, people, visibility } from '../fixtures/customer-portal.js';

describe('the Customer portal visibility table', () => {
  for (const [persona, visible] of Object.entries(visibility)) {
    it(`${persona} reads exactly ${visible.length ? visible.join(', ') : 'no orders'}`, () => {
      const ability = abilityFor(customerPortal, people[persona as keyof typeof people]);
      const readable = (Object.keys(orders) as (keyof typeof orders)[]).filter((key) =>
        ability.can('read', order(key)),
      );
      expect(readable).toEqual(visible);
    });
  }

  it('May and an anonymous visitor can both read the public terms', () => {
    for (const principal of [people.may, people.visitor]) {
      expect(abilityFor(customerPortal, principal).can('read', subject('terms', { id: 't1' }))).toBe(true);
    }
  });
});

describe('a record is checked as the table subject() tagged it with, and nothing else (RELIABILITY 20)', () => {
  it('an untagged request body never chooses its table through a constructor field', () => {
    const admin = abilityFor(customerPortal, people.admin);
    const body = JSON.parse('{"constructor":{"name":"salesorder"},"id":"SO-9"}');
    expect(admin.can('read', body)).toBe(false);
    expect(admin.can('read', subject('salesorder', { id: 'SO-9' }))).toBe(true);
  });

  it('an enumerable __caslSubjectType__ from a request body tags nothing', () => {
    const jane = abilityFor(customerPortal, people.jane);
    const body = JSON.parse('{"__caslSubjectType__":"salesorder","orderedBy":"jane"}');
    expect(jane.can('read', body)).toBe(false);
  });

  it('a request body with an enumerable __caslSubjectType__ stays untagged even after subject() with that table', () => {
    const jane = abilityFor(customerPortal, people.jane);
    const body = JSON.parse('{"__caslSubjectType__":"salesorder","orderedBy":"jane"}');
    expect(jane.can('read', subject('salesorder', body))).toBe(false);
    expect(jane.check('read', 'salesorder', body)).toBe(true);
  });

  it('a record whose prototype is a tagged record is not tagged by it', () => {
    const jane = abilityFor(customerPortal, people.jane);
    const tagged = subject('salesorder', { id: 'SO-1', orderedBy: 'jane' });
    const child = Object.assign(Object.create(tagged), { id: 'SO-2', orderedBy: 'jane' });
    expect(jane.can('read', tagged)).toBe(true);
    expect(jane.can('read', child)).toBe(false);
  });

  it('a polluted Object.prototype.__caslSubjectType__ tags no record', () => {
    Object.defineProperty(Object.prototype, '__caslSubjectType__', {
      value: 'salesorder',
      configurable: true,
      writable: true,
    });
    try {
      const jane = abilityFor(customerPortal, people.jane);
      expect(jane.can('read', { id: 'SO-1', orderedBy: 'jane' } as never)).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).__caslSubjectType__;
    }
  });

  it('no table named like a built-in class matches plain objects', () => {
    const policy = definePolicy({
      tables: { Object: {} },
      webRoles: [{ name: 'Reader' }],
      tablePermissions: [
        { name: 'Everything', table: 'Object', scope: 'global', privileges: ['read'], webRoles: ['Reader'] },
      ],
    });
    const reader = abilityFor(policy, { kind: 'contact', id: 'r', webRoles: ['Reader'] });
    expect(reader.can('read', { id: 'any' } as never)).toBe(false);
    expect(reader.can('read', subject('Object', { id: 'any' }))).toBe(true);
  });
});

// `can` checks a tag after the predicate when no rule applies to untagged records: these run on the warm path
// (the same action and table checked just before), where that order is taken.
describe('a record whose tag is not genuine is refused on the warm path too (RELIABILITY 20)', () => {
  it('a record whose table tag is enumerable is refused even though its fields would be granted', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane' }))).toBe(true);
    const body = JSON.parse('{"__caslSubjectType__":"salesorder","id":"SO-2","orderedBy":"jane"}');
    expect(jane.can('read', body)).toBe(false);
  });

  it('a record whose table tag is inherited is refused even though its fields would be granted', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane' }))).toBe(true);
    const inherited = Object.assign(Object.create({ __caslSubjectType__: 'salesorder' }), {
      id: 'SO-2',
      orderedBy: 'jane',
    });
    expect(jane.can('read', inherited)).toBe(false);
    Object.defineProperty(Object.prototype, '__caslSubjectType__', {
      value: 'salesorder',
      configurable: true,
    });
    try {
      expect(jane.can('read', { id: 'SO-3', orderedBy: 'jane' } as never)).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).__caslSubjectType__;
    }
  });

  it('a row check() granted leaves can() refusing the same fields under an enumerable tag', () => {
    const jane = abilityFor(customerPortal, people.jane);
    const body = JSON.parse('{"__caslSubjectType__":"salesorder","id":"SO-2","orderedBy":"jane"}');
    expect(jane.check('read', 'salesorder', body)).toBe(true);
    expect(jane.check('read', 'salesorder', body)).toBe(true);
    expect(jane.can('read', body)).toBe(false);
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane' }))).toBe(true);
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane' }))).toBe(true);
    expect(jane.can('read', body)).toBe(false);
  });

  it('a warm can() on one table refuses a record of another table tagged by a forged field', () => {
    const jane = abilityFor(customerPortal, people.jane);
    for (let i = 0; i < 3; i++)
      expect(jane.can('read', subject('salesorder', { id: `SO-${i}`, orderedBy: 'jane' }))).toBe(true);
    const body = JSON.parse('{"__caslSubjectType__":"salesorder","id":"SO-9","orderedBy":"jane"}');
    expect(jane.can('read', body)).toBe(false);
    expect(jane.can('read', { id: 'SO-9', orderedBy: 'jane' } as never)).toBe(false);
  });

  it('when a rule applies to every table, a record with a forged tag gets the answer of an untagged record', () => {
    const jane = abilityFor(customerPortal, people.jane);
    jane.update([...jane.rules, { action: 'read', subject: 'all' }] as never);
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'sam' }))).toBe(true);
    const body = JSON.parse('{"__caslSubjectType__":"salesorder","id":"SO-2","orderedBy":"sam"}');
    expect(jane.can('read', body)).toBe(true);
    expect(jane.can('read', { id: 'SO-3' } as never)).toBe(true);
  });
});

// subject() brands a record it tags (a private field), and a check of a branded record skips the general tag
// check: these pin that every record the general check refuses is still refused, cold and warm.
describe('the brand subject() leaves on a record never makes a forged tag genuine (RELIABILITY 20)', () => {
  const warm = () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane' }))).toBe(true);
    return jane;
  };

  it('a spread copy of a tagged record with an enumerable tag of its own is refused', () => {
    const jane = warm();
    const tagged = subject('salesorder', { id: 'SO-2', orderedBy: 'jane' });
    const copy = { ...tagged, __caslSubjectType__: 'salesorder' };
    expect(jane.can('read', copy as never)).toBe(false);
    expect(abilityFor(customerPortal, people.jane).can('read', copy as never)).toBe(false);
  });

  it('a record whose prototype is a tagged record is refused on the warm path', () => {
    const jane = warm();
    const child = Object.assign(Object.create(subject('salesorder', { id: 'SO-2', orderedBy: 'jane' })), {
      id: 'SO-3',
      orderedBy: 'jane',
    });
    expect(jane.can('read', child)).toBe(false);
  });

  it('subject() on a request body that carries an enumerable tag brands nothing, warm or cold', () => {
    const jane = warm();
    const body = subject('salesorder', JSON.parse('{"__caslSubjectType__":"salesorder","orderedBy":"jane"}'));
    expect(jane.can('read', body)).toBe(false);
  });

  it('a tagged record shows nothing but its fields and the hidden tag: it equals its untagged self', () => {
    const tagged = subject('salesorder', { id: 'SO-1', orderedBy: 'jane' });
    expect(Reflect.ownKeys(tagged)).toEqual(['id', 'orderedBy', '__caslSubjectType__']);
    expect(tagged).toEqual({ id: 'SO-1', orderedBy: 'jane' });
    expect(inspect(tagged)).toBe("{ id: 'SO-1', orderedBy: 'jane' }");
  });

  it('a record tagged by CASL itself (no brand) is granted and refused as before', () => {
    const jane = warm();
    expect(jane.can('read', caslSubject('salesorder', { id: 'SO-2', orderedBy: 'jane' }) as never)).toBe(
      true,
    );
    expect(jane.can('read', caslSubject('salesorder', { id: 'SO-3', orderedBy: 'sam' }) as never)).toBe(
      false,
    );
  });

  it('a copy of every own property of a tagged record (its hidden tag included) is granted as before', () => {
    const jane = warm();
    const tagged = subject('salesorder', { id: 'SO-2', orderedBy: 'jane' });
    const clone = Object.defineProperties({}, Object.getOwnPropertyDescriptors(tagged));
    expect(jane.can('read', clone as never)).toBe(true);
  });

  it('subject() on a record that cannot be extended throws as CASL does', () => {
    expect(() => caslSubject('salesorder', Object.freeze({ id: 'SO-2' }))).toThrow(TypeError);
    expect(() => subject('salesorder', Object.freeze({ id: 'SO-2' }))).toThrow(/__caslSubjectType__/);
  });

  it("a branded record is answered by its predicate: a colleague's order is refused", () => {
    const jane = warm();
    expect(jane.can('read', subject('salesorder', { id: 'SO-2', orderedBy: 'sam' }))).toBe(false);
  });
});

describe('field predicates and hostile field names', () => {
  it('keeps at most MAX_CACHED_FIELDS field predicates per table, and still answers every field past it', () => {
    const jane = abilityFor(customerPortal, people.jane);
    const keys = Array.from({ length: MAX_CACHED_FIELDS + 50 }, (_, index) => `k${index}`);
    const body = subject('salesorder', {
      ...orders.janes,
      ...Object.fromEntries(keys.map((key) => [key, 1])),
    });
    const picked = pickPermitted(jane, 'read', body) as Record<string, unknown>;
    expect(keys.every((key) => picked[key] === 1)).toBe(true);
    const first = jane.fieldPredicateFor('read', 'salesorder', 'k0');
    expect(jane.fieldPredicateFor('read', 'salesorder', 'k0')).toBe(first);
    const last = `k${MAX_CACHED_FIELDS + 49}`;
    expect(jane.fieldPredicateFor('read', 'salesorder', last)).not.toBe(
      jane.fieldPredicateFor('read', 'salesorder', last),
    );
  });
});

describe('what is not a record or a column is never granted', () => {
  it('check answers no for a record that is not an object and for a table that is not a string', () => {
    const admin = abilityFor(customerPortal, people.admin);
    expect(admin.check('read', 'salesorder', orders.janes)).toBe(true);
    expect(admin.check('read', 'salesorder', null as never)).toBe(false);
    expect(admin.check('read', 'salesorder', 'SO-1' as never)).toBe(false);
    expect(admin.check('read', 42 as never, orders.janes)).toBe(false);
  });

  it('a field naming no column is refused at the type level, where a global grant allows every column', () => {
    const admin = abilityFor(customerPortal, people.admin);
    expect(admin.can('read', 'salesorder', 'status')).toBe(true);
    for (const field of ['__proto__', 'constructor', 'prototype', '.status']) {
      expect(admin.can('read', 'salesorder', field)).toBe(false);
    }
  });
});

describe('what CASL reads as no record or as some field is answered as CASL answers it', () => {
  it('a check without a subject, or with null, is about no record and is refused, even for a global grant', () => {
    for (const persona of ['admin', 'jane'] as const) {
      const ability = abilityFor(customerPortal, people[persona]);
      expect(ability.can('read', undefined as never)).toBe(false);
      expect(ability.can('read', null as never)).toBe(false);
      expect(ability.can('read', null as never, 'status' as never)).toBe(false);
    }
  });

  it('an empty field asks about some field, as CASL reads it: the row’s own answer, on a record and on the table', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.can('read', order('janes'), '' as never)).toBe(true);
    expect(jane.can('read', order('sams'), '' as never)).toBe(false);
    expect(jane.can('read', 'salesorder', '' as never)).toBe(true);
    expect(abilityFor(customerPortal, people.may).can('read', 'salesorder', '' as never)).toBe(false);
  });

  it('a column check on a record whose tag is forged is refused, though the column of the same fields tagged is granted', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.can('read', order('janes'), 'status')).toBe(true);
    const forged = JSON.parse('{"__caslSubjectType__":"salesorder","id":"SO-1","orderedBy":"jane"}');
    expect(jane.can('read', forged, 'status' as never)).toBe(false);
  });

  it('cannot is the negation of can, record by record', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.cannot('read', order('janes'))).toBe(false);
    expect(jane.cannot('read', order('sams'))).toBe(true);
    expect(jane.cannot('read', order('janes'), 'status')).toBe(false);
  });

  it('portalRules are the ability’s rules, each naming the grant it came from', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.portalRules).toEqual(jane.rules);
    expect(
      jane.portalRules.map(
        (rule) => rule.provenance.kind === 'tablePermission' && rule.provenance.tablePermission,
      ),
    ).toContain('My orders');
  });
});
