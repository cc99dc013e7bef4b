import { describe, expect, it } from 'vitest';
import { ReportBuilder } from '../../src/import/import-report.js';
import { mapFieldSecurity } from '../../src/import/map-field-security.js';

function map(files: Record<string, string>) {
  const report = new ReportBuilder();
  const mapped = mapFieldSecurity(new Map(Object.entries(files)), report);
  return {
    ...mapped,
    secured: [...mapped.secured].map(([table, columns]) => [table, [...columns]]),
    skipped: report.skipped.map(({ kind, name, reason, message }) => [kind, name, reason, message]),
    mapped: report.mapped.map(({ name, file }) => [name, file]),
  };
}
const profile = (attributes: string, permissions?: string) =>
  `<FieldSecurityProfile ${attributes}>${permissions === undefined ? '' : `<FieldPermissions>${permissions}</FieldPermissions>`}</FieldSecurityProfile>`;
const field = (table: string, column: string, rights: string) =>
  `<FieldPermission entityname="${table}" attributelogicalname="${column}" ${rights} />`;

describe('mapping field security profiles', () => {
  it('profiles are read from customizations.xml, Other/FieldSecurityProfiles.xml and FieldSecurityProfiles/*.xml, in any case', () => {
    const { profiles, mapped } = map({
      'x/customizations.xml': profile('name="A"'),
      'other/fieldsecurityprofiles.XML': profile('name="B"'),
      'FieldSecurityProfiles/c-profile.xml': profile('name="C"'),
      'FieldSecurityProfiles/e.xml.bak': profile('name="Not read: not xml"'),
      'Other/Profiles.xml': profile('name="Not read"'),
      'FieldSecurityProfiles/sub/d.xml': profile('name="Not read either"'),
    });
    expect(profiles).toEqual([
      { name: 'C', columns: {} },
      { name: 'B', columns: {} },
      { name: 'A', columns: {} },
    ]);
    expect(mapped).toEqual([
      ['C', 'FieldSecurityProfiles/c-profile.xml'],
      ['B', 'other/fieldsecurityprofiles.XML'],
      ['A', 'x/customizations.xml'],
    ]);
  });

  it('only the value 4 allows an action, and each of read, create and update is read from its own attribute', () => {
    const { profiles, secured } = map({
      'FieldSecurityProfiles/p.xml': profile(
        'name="P" description="Prices"',
        [
          field('SalesOrder', 'TotalAmount', 'canread="4" cancreate="4" canupdate="4"'),
          field('salesorder', 'discountamount', 'canread="1" cancreate="4" canupdate="0"'),
          field('salesorder', 'freightamount', 'canread="4 " canupdate="four"'),
          field('account', 'creditlimit', 'canupdate="4"'),
        ].join(''),
      ),
    });
    expect(profiles).toEqual([
      {
        name: 'P',
        description: 'Prices',
        columns: {
          salesorder: {
            totalamount: ['read', 'create', 'update'],
            discountamount: ['create'],
            freightamount: ['read'],
          },
          account: { creditlimit: ['update'] },
        },
      },
    ]);
    expect(secured).toEqual([
      ['salesorder', ['totalamount', 'discountamount', 'freightamount']],
      ['account', ['creditlimit']],
    ]);
  });

  it('a single field permission is read as a list of one', () => {
    const { profiles } = map({
      'FieldSecurityProfiles/p.xml': profile('name="P"', field('contact', 'birthdate', 'canread="4"')),
    });
    // A profile without a description is written without one.
    expect(profiles).toStrictEqual([{ name: 'P', columns: { contact: { birthdate: ['read'] } } }]);
  });

  it('a profile without a usable name, a second profile of one name and a field permission naming no usable column are reported', () => {
    const { profiles, secured, skipped } = map({
      'FieldSecurityProfiles/1.xml': profile(
        'description="no name"',
        field('contact', 'birthdate', 'canread="4"'),
      ),
      'FieldSecurityProfiles/2.xml': profile('name="__proto__"'),
      'FieldSecurityProfiles/3.xml': profile(
        'name="P"',
        [
          field('contact', 'birth date', 'canread="4"'),
          '<FieldPermission attributelogicalname="birthdate" canread="4" />',
          '<FieldPermission entityname="contact" canread="4" />',
          field('__proto__', 'x', 'canread="4"'),
          field('contact', 'constructor', 'canread="4"'),
        ].join(''),
      ),
      'FieldSecurityProfiles/4.xml': profile('name="P"', field('contact', 'birthdate', 'canread="4"')),
    });
    expect(profiles).toEqual([{ name: 'P', columns: {} }]);
    expect(secured).toEqual([]);
    const unusable = 'the field permission names no usable table and column';
    expect(skipped).toEqual([
      ['fieldSecurityProfile', '(unnamed)', 'missing_name', 'the profile has no usable name'],
      ['fieldSecurityProfile', '__proto__', 'missing_name', 'the profile has no usable name'],
      ['fieldSecurityProfile', 'P: contact.birth date', 'invalid_value', unusable],
      ['fieldSecurityProfile', 'P: ?.birthdate', 'invalid_value', unusable],
      ['fieldSecurityProfile', 'P: contact.?', 'invalid_value', unusable],
      ['fieldSecurityProfile', 'P: __proto__.x', 'invalid_value', unusable],
      ['fieldSecurityProfile', 'P: contact.constructor', 'invalid_value', unusable],
      ['fieldSecurityProfile', 'P', 'duplicate_name', 'another field security profile is already called "P"'],
    ]);
  });
});
