import { describe, expect, it } from 'vitest';
import { COMPONENT_FILE, componentRecord } from '../../src/import/component-records.js';

const FILE = 'powerpagecomponents/c/powerpagecomponent.xml';
const component = (inner: string, attributes = '') =>
  `<powerpagecomponent${attributes}>${inner}</powerpagecomponent>`;

describe('reading a solution site component', () => {
  it('the record is its JSON content with the id, name and state of the component', () => {
    const text = component(
      '<name>Staff</name><powerpagecomponenttype>11</powerpagecomponenttype><statecode>1</statecode><content>{"description":"Tom &amp; Jerry","id":"spoofed"}</content>',
      ' powerpagecomponentid="C-1"',
    );
    expect(componentRecord(text, FILE)).toEqual({
      kind: 'webRole',
      file: FILE,
      fields: { description: 'Tom & Jerry', id: 'C-1', name: 'Staff', statecode: '1' },
    });
  });

  it('each permission-carrying component type maps to its record kind; other types are passed over', () => {
    const kindOf = (type: string) => {
      const record = componentRecord(
        component(`<powerpagecomponenttype>${type}</powerpagecomponenttype>`),
        FILE,
      );
      return record === undefined || 'skipped' in record ? record : record.kind;
    };
    expect(['2', '3', '10', '11', '18', '28', '29'].map(kindOf)).toEqual([
      'page',
      'webFile',
      'pageRule',
      'webRole',
      'tablePermission',
      'columnPermissionProfile',
      'columnPermission',
    ]);
    for (const type of ['9', '', 'toString', '11.5', 'constructor'])
      expect(kindOf(type), type).toBeUndefined();
  });

  it('the name in the content wins over the component name; an id child element is read too', () => {
    const record = componentRecord(
      component(
        '<name>Outer</name><powerpagecomponentid>c-2</powerpagecomponentid><powerpagecomponenttype>11</powerpagecomponenttype><content>{"adx_name":"Inner"}</content>',
      ),
      FILE,
    );
    expect(record).toMatchObject({ fields: { adx_name: 'Inner', id: 'c-2' } });
    expect(record).not.toHaveProperty('fields.name');
    expect(
      componentRecord(
        component(
          '<name>Outer</name><powerpagecomponenttype>11</powerpagecomponenttype><content>{"name":"Inner"}</content>',
        ),
        FILE,
      ),
    ).toMatchObject({ fields: { name: 'Inner' } });
  });

  it('a component without its own id or state element keeps the ones its content holds: an inactive record stays inactive', () => {
    expect(
      componentRecord(
        component(
          '<powerpagecomponenttype>18</powerpagecomponenttype><content>{"id":"p-1","statecode":1}</content>',
        ),
        FILE,
      ),
    ).toStrictEqual({ kind: 'tablePermission', file: FILE, fields: { id: 'p-1', statecode: 1 } });
  });

  it('an element with attributes is read by its text', () => {
    expect(
      componentRecord(
        component('<name lang="en">Staff</name><powerpagecomponenttype kind="x">11</powerpagecomponenttype>'),
        FILE,
      ),
    ).toMatchObject({ kind: 'webRole', fields: { name: 'Staff' } });
  });

  it('content that is not a JSON object is named as skipped; a file without the element is named too', () => {
    for (const content of ['[1]', '"text"', 'null', '3'])
      expect(
        componentRecord(
          component(`<powerpagecomponenttype>11</powerpagecomponenttype><content>${content}</content>`),
          FILE,
        ),
        content,
      ).toEqual({ skipped: '<content> is not a JSON object' });
    expect(componentRecord('<other/>', FILE)).toEqual({ skipped: 'no <powerpagecomponent> element' });
    expect(componentRecord('<powerpagecomponent>text</powerpagecomponent>', FILE)).toEqual({
      skipped: 'no <powerpagecomponent> element',
    });
  });

  it('a type written twice or holding elements is named as skipped, never passed over as a type that carries no permission', () => {
    for (const type of [
      '<powerpagecomponenttype>10</powerpagecomponenttype><powerpagecomponenttype>9</powerpagecomponenttype>',
      '<powerpagecomponenttype><x>10</x></powerpagecomponenttype>',
    ])
      expect(componentRecord(component(`${type}<content>{}</content>`), FILE), type).toEqual({
        skipped: '<powerpagecomponenttype> is not one number',
      });
  });

  it('content that does not parse refuses the import, naming the file', () => {
    expect(() =>
      componentRecord(
        component('<powerpagecomponenttype>11</powerpagecomponenttype><content>{</content>'),
        FILE,
      ),
    ).toThrow(expect.objectContaining({ code: 'import_unparsable_file', path: [FILE] }));
  });

  it('a content key __proto__ stays a field and never becomes a prototype', () => {
    const record = componentRecord(
      component(
        '<powerpagecomponenttype>11</powerpagecomponenttype><content>{"__proto__":{"name":"Admin"}}</content>',
      ),
      FILE,
    );
    expect(record).not.toHaveProperty('fields.name');
    expect(Object.getPrototypeOf((record as { fields: object }).fields)).toBe(Object.prototype);
  });

  it('component files are found in any folder, whatever the case of their name', () => {
    for (const path of [FILE, 'site/PowerPageComponents/a-long-id/PowerPageComponent.xml'])
      expect(COMPONENT_FILE.test(path), path).toBe(true);
    for (const path of [
      'powerpagecomponents/powerpagecomponent.xml',
      'xpowerpagecomponents/c/powerpagecomponent.xml',
      'powerpagecomponents/c/powerpagecomponent.xml.bak',
      'powerpagecomponents/c/d/powerpagecomponent.xml',
    ])
      expect(COMPONENT_FILE.test(path), path).toBe(false);
  });
});
