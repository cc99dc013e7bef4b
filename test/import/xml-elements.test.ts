import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/import/parse-file.js';
import { attribute, childText, elementsNamed, solutionElements } from '../../src/import/xml-elements.js';

describe('reading the elements of a solution file', () => {
  it('finds every element of a tag in document order, at any depth, but not inside another of the same tag', () => {
    const root = parseXml(
      [
        '<root>',
        '<Role name="first"><Role name="inner"/></Role>',
        '<group><Role name="second"/><Role name="third"/></group>',
        '<other><deeper><Role name="fourth"/></deeper></other>',
        '</root>',
      ].join(''),
      'a.xml',
    );
    expect(elementsNamed(root, 'Role').map((element) => attribute(element, 'name'))).toEqual([
      'first',
      'second',
      'third',
      'fourth',
    ]);
  });

  it('finds the tag inside repeated elements of another tag, once each, in document order', () => {
    const root = parseXml(
      '<root><group><Role name="1"/></group><group><Role name="2"/><Role name="3"/></group><group><Role name="4"/></group></root>',
      'a.xml',
    );
    expect(elementsNamed(root, 'Role').map((element) => attribute(element, 'name'))).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
  });

  it('an element with neither attributes nor children is text, not an element, and is not returned', () => {
    expect(elementsNamed(parseXml('<root><Role>plain</Role><Role a="1"/></root>', 'a.xml'), 'Role')).toEqual([
      { '@_a': '1' },
    ]);
  });

  it('a null or missing value under the tag is no element', () => {
    expect(elementsNamed({ Role: null }, 'Role')).toEqual([]);
    expect(elementsNamed({ Role: [null, undefined, { '@_a': '1' }] }, 'Role')).toEqual([{ '@_a': '1' }]);
  });

  it('an inherited tag is never read as an element', () => {
    const node = Object.create({ Role: { '@_name': 'inherited' } }) as Record<string, unknown>;
    expect(elementsNamed(node, 'Role')).toEqual([]);
    expect(elementsNamed([node, 'text', null], 'Role')).toEqual([]);
  });

  it('an attribute is trimmed and decoded once; an empty, blank, missing or inherited one is undefined', () => {
    const element = Object.assign(Object.create({ '@_inherited': 'x' }) as Record<string, unknown>, {
      '@_name': '  Sales &amp;lt;EU&amp;gt; &amp; more ',
      '@_blank': '   ',
      '@_empty': '',
      '@_number': 7,
    });
    expect(attribute(element, 'name')).toBe('Sales &lt;EU&gt; & more');
    for (const name of ['blank', 'empty', 'number', 'missing', 'inherited'])
      expect(attribute(element, name), name).toBeUndefined();
  });

  it("a child element's text is trimmed and decoded once; an empty, blank, missing or inherited one is undefined", () => {
    const element = Object.assign(Object.create({ inherited: 'x' }) as Record<string, unknown>, {
      name: ' Tom &amp; Jerry ',
      blank: ' ',
      object: { '@_a': '1' },
    });
    expect(childText(element, 'name')).toBe('Tom & Jerry');
    for (const name of ['blank', 'object', 'missing', 'inherited'])
      expect(childText(element, name), name).toBeUndefined();
  });

  it('reads files in path order whatever order they are given in', () => {
    const paths = ['c/r.xml', 'a/r.xml', 'e/r.xml', 'b/r.xml', 'f/r.xml', 'd/r.xml', 'a/q/r.xml'];
    for (const order of [paths, [...paths].reverse()]) {
      const files = new Map(order.map((path) => [path, `<r><Role id="${path}"/></r>`]));
      expect(solutionElements(files, /r\.xml$/, 'Role').map(({ file }) => file)).toEqual([
        'a/q/r.xml',
        'a/r.xml',
        'b/r.xml',
        'c/r.xml',
        'd/r.xml',
        'e/r.xml',
        'f/r.xml',
      ]);
    }
  });

  it('reads only the files whose path matches, in path order, each element with its file', () => {
    const files = new Map([
      ['b/roles.xml', '<r><Role id="b1"/></r>'],
      ['a/roles.xml', '<r><Role id="a1"/><Role id="a2"/></r>'],
      ['a/other.xml', '<r><Role id="ignored"/></r>'],
    ]);
    expect(
      solutionElements(files, /roles\.xml$/, 'Role').map(({ file, element }) => [
        file,
        attribute(element, 'id'),
      ]),
    ).toEqual([
      ['a/roles.xml', 'a1'],
      ['a/roles.xml', 'a2'],
      ['b/roles.xml', 'b1'],
    ]);
  });
});
