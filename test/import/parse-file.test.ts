import { describe, expect, it } from 'vitest';
import { parseJson, parseXml, parseYaml } from '../../src/import/parse-file.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('parsing hostile files within bounds', () => {
  it('a YAML alias bomb is refused instead of expanded', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(codeOf(() => parseYaml(levels.join('\n'), 'bomb.webrole.yml'))).toBe('import_yaml_aliases');
  });

  it('brackets inside quoted YAML text are not nesting', () => {
    const text = `name: "${'['.repeat(200)}"\ndescription: '${'{'.repeat(200)}'`;
    expect(parseYaml(text, 'a.webrole.yml')).toEqual({ name: '['.repeat(200), description: '{'.repeat(200) });
  });

  it('a few YAML aliases are fine', () => {
    expect(parseYaml('a: &r x\nb: *r', 'ok.yml')).toEqual({ a: 'x', b: 'x' });
  });

  it('deep nesting is refused in YAML, JSON and XML, without overflowing the stack', () => {
    expect(codeOf(() => parseYaml(`${'['.repeat(100)}${']'.repeat(100)}`, 'deep.yml'))).toBe(
      'import_too_deep',
    );
    expect(codeOf(() => parseYaml(`${'['.repeat(50_000)}${']'.repeat(50_000)}`, 'deeper.yml'))).toMatch(
      /^import_(too_deep|unparsable_file)$/,
    );
    expect(codeOf(() => parseJson(`${'['.repeat(100)}${']'.repeat(100)}`, 'deep.json'))).toBe(
      'import_too_deep',
    );
    expect(codeOf(() => parseXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, 'deep.xml'))).toBe(
      'import_too_deep',
    );
  });

  it('deep block nesting in YAML is refused before parsing: compact chains and indentation staircases', () => {
    // Deep enough to run the parser out of memory, which would end the process rather than throw.
    const compact = `${'- '.repeat(200_000)}x\n`;
    const staircase = `${Array.from({ length: 2_000 }, (_, level) => `${' '.repeat(level)}a:`).join('\n')} x\n`;
    const explicit = `${'? '.repeat(100_000)}x\n`;
    for (const text of [compact, staircase, explicit])
      expect(codeOf(() => parseYaml(text, 'deep.webrole.yml'))).toBe('import_too_deep');
  });

  it('a key written twice in one mapping, or a second document, is refused: which one counts would be a guess', () => {
    expect(codeOf(() => parseYaml('read: false\nread: true\n', 'a.tablepermission.yml'))).toBe(
      'import_unparsable_file',
    );
    expect(codeOf(() => parseYaml('- name: A\n  id: 1\n  name: B\n', 'webrole.yml'))).toBe(
      'import_unparsable_file',
    );
    expect(codeOf(() => parseYaml('name: A\n---\nname: B\n', 'a.webrole.yml'))).toBe(
      'import_unparsable_file',
    );
    expect(parseYaml('- name: A\n- name: B\n', 'webrole.yml')).toEqual([{ name: 'A' }, { name: 'B' }]);
  });

  it('a key __proto__ in YAML stays data and never becomes a prototype', () => {
    const value = parseYaml('__proto__: { polluted: true }\nname: A', 'a.webrole.yml') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an XML element named __proto__ is refused, and nothing is polluted', () => {
    expect(codeOf(() => parseXml('<r><__proto__><polluted>1</polluted></__proto__></r>', 'a.xml'))).toBe(
      'import_unparsable_file',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('XML entities are never expanded and a DOCTYPE is refused', () => {
    const laughs = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>';
    expect(codeOf(() => parseXml(laughs, 'laughs.xml'))).toBe('import_unparsable_file');
    expect(parseXml('<r>&amp;lt;</r>', 'r.xml')).toEqual({ r: '&amp;lt;' });
  });

  it('malformed XML is refused, not read leniently: a repeated attribute, a misnested or unclosed element', () => {
    for (const text of [
      '<r><a level="Basic" level="Global"/></r>',
      '<r><a></r></a>',
      '<r><a>',
      '<r a></r>',
    ]) {
      expect(
        codeOf(() => parseXml(text, 'Roles/r.xml')),
        text,
      ).toBe('import_unparsable_file');
      expect(() => parseXml(text, 'Roles/r.xml'), text).toThrow(/^Roles\/r\.xml is not well-formed XML/);
    }
  });

  it('invalid YAML is an error naming the file', () => {
    expect(() => parseYaml('a: [', 'broken.webrole.yml')).toThrow(/broken\.webrole\.yml/);
  });
});
