import { inspect } from 'node:util';
import { subject as caslSubject } from '@casl/ability';
import { describe, expect, it, vi } from 'vitest';
import { brandTestOf, hasOwnHiddenTag, subject, taggedTableOf } from '../../src/ability/subject.js';

const order = () => ({ id: 'SO-1', orderedBy: 'jane' });
const brandOf = (table: string) => {
  const test = brandTestOf(table);
  if (test === undefined) throw new Error(`no brand for ${table}`);
  return test;
};

describe('subject() brands the records it tags, with their table', () => {
  it('a record tagged by subject() holds the brand of its table and of no other', () => {
    const tagged = subject('salesorder', order());
    subject('account', { id: 'A' });
    expect(brandOf('salesorder')(tagged)).toBe(true);
    expect(brandOf('account')(tagged)).toBe(false);
    expect(taggedTableOf(tagged)).toBe('salesorder');
  });

  it('a branded tag is fixed for good: it cannot be redefined, rewritten or deleted', () => {
    const tagged = subject('salesorder', order()) as unknown as Record<string, unknown>;
    expect(() => Object.defineProperty(tagged, '__caslSubjectType__', { value: 'account' })).toThrow(
      TypeError,
    );
    expect(() => {
      tagged.__caslSubjectType__ = 'account';
    }).toThrow(TypeError);
    expect(() => delete tagged.__caslSubjectType__).toThrow(TypeError);
    expect(taggedTableOf(tagged)).toBe('salesorder');
  });

  it('a tagged record frozen afterwards keeps its brand', () => {
    const frozen = Object.freeze(subject('salesorder', order()));
    expect(brandOf('salesorder')(frozen)).toBe(true);
  });
});

describe('the brand is invisible', () => {
  it('reflection, JSON, util.inspect and deep equality see the fields and the hidden tag only', () => {
    const tagged = subject('salesorder', order());
    expect(Object.keys(tagged)).toEqual(['id', 'orderedBy']);
    expect(Object.getOwnPropertyNames(tagged)).toEqual(['id', 'orderedBy', '__caslSubjectType__']);
    expect(Reflect.ownKeys(tagged)).toEqual(['id', 'orderedBy', '__caslSubjectType__']);
    expect(Object.getOwnPropertySymbols(tagged)).toEqual([]);
    expect(JSON.stringify(tagged)).toBe('{"id":"SO-1","orderedBy":"jane"}');
    expect(inspect(tagged, { showHidden: true })).not.toMatch(/branded|#/);
    expect(tagged).toStrictEqual(order());
  });
});

describe('the brand cannot be forged or passed on (RELIABILITY 20)', () => {
  it('no copy of a branded record holds the brand: spread, Object.assign, structuredClone, descriptors', () => {
    const tagged = subject('salesorder', order());
    const isBranded = brandOf('salesorder');
    const copies = [
      { ...tagged },
      Object.assign({}, tagged),
      structuredClone(tagged),
      Object.defineProperties({}, Object.getOwnPropertyDescriptors(tagged)),
    ];
    for (const copy of copies) expect(isBranded(copy)).toBe(false);
    expect(isBranded(tagged)).toBe(true);
  });

  it('a record whose prototype is branded holds no brand and no tag of its own', () => {
    const child = Object.create(subject('salesorder', order()));
    expect(brandOf('salesorder')(child)).toBe(false);
    expect(hasOwnHiddenTag(child)).toBe(false);
    expect(taggedTableOf(child)).toBeUndefined();
  });

  it('a request body with an enumerable tag, tagged again by subject(), gets no brand and no table', () => {
    const body = subject('salesorder', JSON.parse('{"__caslSubjectType__":"salesorder","orderedBy":"jane"}'));
    expect(brandOf('salesorder')(body)).toBe(false);
    expect(taggedTableOf(body)).toBeUndefined();
  });

  it('a record CASL tagged first keeps the general check: hidden tag, no brand', () => {
    const tagged = subject('salesorder', caslSubject('salesorder', order()));
    expect(brandOf('salesorder')(tagged)).toBe(false);
    expect(taggedTableOf(tagged)).toBe('salesorder');
  });

  it('a polluted Object.prototype tag brands nothing and tags nothing', () => {
    Object.defineProperty(Object.prototype, '__caslSubjectType__', {
      value: 'salesorder',
      configurable: true,
    });
    try {
      const record = order();
      expect(brandOf('salesorder')(record)).toBe(false);
      expect(taggedTableOf(record)).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).__caslSubjectType__;
    }
  });

  it('a record that cannot be extended is refused by subject() as CASL refuses it, and gets no brand', () => {
    for (const record of [Object.freeze(order()), Object.seal(order()), Object.preventExtensions(order())]) {
      expect(() => subject('salesorder', record)).toThrow(/__caslSubjectType__/);
      expect(brandOf('salesorder')(record)).toBe(false);
    }
  });
});

describe('proxies', () => {
  it('a proxy is branded itself, and a proxy of a branded record is not', () => {
    const proxy = subject('salesorder', new Proxy(order(), {}));
    expect(brandOf('salesorder')(proxy)).toBe(true);
    const tagged = subject('salesorder', order());
    expect(brandOf('salesorder')(new Proxy(tagged, {}))).toBe(false);
  });

  it('a proxy that makes the tag enumerable or writable gets no brand', () => {
    const enumerable = new Proxy(order(), {
      defineProperty: (target, key, descriptor) =>
        Reflect.defineProperty(target, key, { ...descriptor, enumerable: true }),
    });
    const writable = new Proxy(order(), {
      defineProperty: (target, key, descriptor) =>
        Reflect.defineProperty(target, key, { ...descriptor, writable: true }),
    });
    expect(brandOf('salesorder')(subject('salesorder', enumerable))).toBe(false);
    expect(taggedTableOf(enumerable)).toBeUndefined();
    expect(brandOf('salesorder')(subject('salesorder', writable))).toBe(false);
  });

  it('a proxy that refuses the tag throws as CASL throws, and gets no brand', () => {
    const refusing = new Proxy(order(), { defineProperty: () => false });
    expect(() => subject('salesorder', refusing)).toThrow(TypeError);
    expect(brandOf('salesorder')(refusing)).toBe(false);
  });
});

describe('the brands made stay bounded (RELIABILITY 21)', () => {
  it('past 1,024 tables, records are tagged without a brand and still read their table', async () => {
    vi.resetModules();
    const fresh = await import('../../src/ability/subject.js');
    const records = Array.from({ length: 1100 }, (_, index) => fresh.subject(`t${index}`, { id: index }));
    expect(fresh.brandTestOf('t0')?.(records[0]!)).toBe(true);
    expect(fresh.brandTestOf('t1023')?.(records[1023]!)).toBe(true);
    expect(fresh.brandTestOf('t1024')).toBeUndefined();
    expect(fresh.taggedTableOf(records[1099]!)).toBe('t1099');
  });
});
