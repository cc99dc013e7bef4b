import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../src/import/limits.js';
import { decodeXmlText, parseJson, parseXml, parseYaml } from '../../src/import/parse-file.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

/** The fields a refusal carries. */
interface Refusal {
  readonly code?: string;
  readonly path?: unknown;
  readonly message?: string;
  readonly cause?: unknown;
}

/** The error `run` throws, or no field at all when it throws nothing. */
const errorOf = (run: () => unknown): Refusal => {
  try {
    run();
  } catch (error) {
    return error as Refusal;
  }
  return {};
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
    expect(() => parseXml('<r><__proto__><polluted>1</polluted></__proto__></r>', 'a.xml')).toThrow(
      /^a\.xml is not valid XML \(.*"__proto__"/,
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

  it('nesting up to the bound is read and one level more is refused, in YAML (flow and block) and JSON', () => {
    const limit = IMPORT_LIMITS.maxDepth;
    const flow = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const block = (levels: number) =>
      `${Array.from({ length: levels }, (_, level) => `${' '.repeat(level)}a:`).join('\n')} x`;
    expect(codeOf(() => parseYaml(flow(limit), 'a.yml'))).toBeUndefined();
    expect(codeOf(() => parseYaml(flow(limit + 1), 'a.yml'))).toBe('import_too_deep');
    expect(codeOf(() => parseYaml(block(limit), 'a.yml'))).toBeUndefined();
    expect(codeOf(() => parseYaml(block(limit + 1), 'a.yml'))).toBe('import_too_deep');
    expect(codeOf(() => parseJson(flow(limit + 1), 'a.json'))).toBeUndefined();
    expect(codeOf(() => parseJson(flow(limit + 2), 'a.json'))).toBe('import_too_deep');
    expect(() => parseJson(flow(limit + 2), 'a.json')).toThrow(
      /^a\.json nests values more than 64 levels deep/,
    );
  });

  it('YAML nested past the bound through an alias is refused after parsing', () => {
    const deep = `a: &a ${'['.repeat(60)}${']'.repeat(60)}`;
    const under = (levels: number) => `${deep}\nb: ${'['.repeat(levels)}*a${']'.repeat(levels)}`;
    expect(codeOf(() => parseYaml(under(3), 'a.yml'))).toBeUndefined();
    expect(codeOf(() => parseYaml(under(10), 'a.yml'))).toBe('import_too_deep');
  });

  it('up to the alias bound YAML is read; past it the file is refused, named, with the cause kept', () => {
    const aliases = (count: number) => `a: &a x\nb: [${Array(count).fill('*a').join(', ')}]`;
    expect(parseYaml(aliases(IMPORT_LIMITS.maxAliasCount - 1), 'a.yml')).toMatchObject({ a: 'x' });
    let error: { code?: string; path?: unknown; cause?: unknown } = {};
    try {
      parseYaml(aliases(IMPORT_LIMITS.maxAliasCount + 1), 'a.yml');
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error).toMatchObject({ code: 'import_yaml_aliases', path: ['a.yml'] });
    expect(error.cause).toBeInstanceOf(ReferenceError);
  });

  it('a YAML error is reported by its first line, with the file as the path', () => {
    let error: { message?: string; path?: unknown } = {};
    try {
      parseYaml('a: [b\n c: d', 'broken.webrole.yml');
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.path).toEqual(['broken.webrole.yml']);
    expect(error.message).toMatch(/^broken\.webrole\.yml is not valid YAML \([^\n]+\)$/);
  });

  it('a repeated key is refused whatever its form: plain, quoted or a collection', () => {
    for (const text of ['a: 1\n"a": 2', '? [a]\n: 1\n? [a]\n: 2']) {
      expect(
        codeOf(() => parseYaml(text, 'a.yml')),
        text,
      ).toBe('import_unparsable_file');
      expect(() => parseYaml(text, 'a.yml'), text).toThrow(/map keys must be unique/);
    }
    expect(parseYaml('a: 1\nb: 2\n"c": 3', 'a.yml')).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('JSON that does not parse is refused with the file as the path', () => {
    let error: { code?: string; path?: unknown; message?: string } = {};
    try {
      parseJson('{', 'content.json');
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error).toMatchObject({ code: 'import_unparsable_file', path: ['content.json'] });
    expect(error.message).toMatch(/^content\.json holds content that is not valid JSON/);
  });

  it('a DOCTYPE is refused in any case of its keyword; XML nested past the bound is too deep, not unparsable', () => {
    expect(codeOf(() => parseXml('<!doctype r><r/>', 'a.xml'))).toBe('import_unparsable_file');
    const nested = (levels: number) => `${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}`;
    expect(codeOf(() => parseXml(nested(IMPORT_LIMITS.maxDepth), 'a.xml'))).toBeUndefined();
    expect(() => parseXml(nested(IMPORT_LIMITS.maxDepth + 10), 'a.xml')).toThrow(
      /^a\.xml nests elements more than 64 levels deep$/,
    );
  });

  it('attribute and element text stays text: numbers and booleans are not converted, and text is trimmed', () => {
    expect(parseXml('<r level=" 1 " on="true"> 007 </r>', 'a.xml')).toEqual({
      r: { '@_level': '1', '@_on': 'true', '#text': '007' },
    });
  });

  it('decodes the XML entities of text once: named, decimal and hexadecimal; nothing else', () => {
    expect(decodeXmlText('&lt;&gt;&quot;&apos;&amp;&#65;&#x42;&#x6a;')).toBe('<>"\'&ABj');
    expect(decodeXmlText('&amp;lt;')).toBe('&lt;');
    expect(decodeXmlText('&bogus; &#xZZ; &#;')).toBe('&bogus; &#xZZ; &#;');
    expect(decodeXmlText('a&#x110000;b&#1114111;')).toBe(`ab${String.fromCodePoint(0x10ffff)}`);
  });

  it('every refusal names the file as its path and says what is wrong: depth before and after parsing, a repeated key, aliases', () => {
    const limit = IMPORT_LIMITS.maxDepth;
    const tooDeep = `a.yml nests values more than ${limit} levels deep; records are flat, so this is not a site file`;
    const before = errorOf(() => parseYaml(`${'['.repeat(limit + 1)}${']'.repeat(limit + 1)}`, 'a.yml'));
    expect(before).toMatchObject({ code: 'import_too_deep', path: ['a.yml'], message: tooDeep });
    // Shallow as text, deep once the alias is expanded: only the check after parsing sees it.
    const expanded = `a: &a ${'['.repeat(60)}${']'.repeat(60)}\nb: ${'['.repeat(10)}*a${']'.repeat(10)}`;
    expect(errorOf(() => parseYaml(expanded, 'a.yml'))).toMatchObject({
      code: 'import_too_deep',
      path: ['a.yml'],
      message: tooDeep,
    });
    const repeated = errorOf(() => parseYaml('read: false\nread: true\n', 'a.yml'));
    expect(repeated).toMatchObject({
      code: 'import_unparsable_file',
      path: ['a.yml'],
      message: 'a.yml is not valid YAML (map keys must be unique; "read" is repeated): keep one of them',
    });
    expect(repeated.cause).toBeUndefined();
    const aliases = `a: &a x\nb: [${Array(IMPORT_LIMITS.maxAliasCount + 1)
      .fill('*a')
      .join(', ')}]`;
    expect(errorOf(() => parseYaml(aliases, 'a.yml')).message).toBe(
      `a.yml uses more than ${IMPORT_LIMITS.maxAliasCount} YAML aliases, which would expand without bound; remove the aliases`,
    );
  });

  it("a YAML syntax error keeps the parser's error as its cause and quotes its whole first line", () => {
    const error = errorOf(() => parseYaml('a: [b\n c: d', 'broken.webrole.yml'));
    expect(error.cause).toBeInstanceOf(Error);
    const firstLine = (error.cause as Error).message.split('\n')[0]!;
    expect(firstLine).toMatch(/at line 1, column 5:$/);
    expect(error.message).toBe(`broken.webrole.yml is not valid YAML (${firstLine})`);
  });

  it("a JSON syntax error quotes the parser's message and keeps it as the cause", () => {
    let parserError: unknown;
    try {
      JSON.parse('{');
    } catch (caught) {
      parserError = caught;
    }
    const error = errorOf(() => parseJson('{', 'content.json'));
    expect(error.message).toBe(
      `content.json holds content that is not valid JSON (${(parserError as Error).message})`,
    );
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('an XML refusal names the file as its path: a DOCTYPE, a malformed file (with its line), nesting past the bound', () => {
    expect(errorOf(() => parseXml('<!DOCTYPE r><r/>', 'Roles/r.xml'))).toMatchObject({
      code: 'import_unparsable_file',
      path: ['Roles/r.xml'],
      message: 'Roles/r.xml declares a DOCTYPE, which solution files never do; remove it',
    });
    expect(errorOf(() => parseXml('<r>\n<a>\n</r></a>', 'Roles/r.xml'))).toMatchObject({
      code: 'import_unparsable_file',
      path: ['Roles/r.xml'],
      message: expect.stringMatching(
        /^Roles\/r\.xml is not well-formed XML \(.+ at line 3\); export the solution again$/,
      ),
    });
    const levels = IMPORT_LIMITS.maxDepth + 10;
    const deep = errorOf(() => parseXml(`${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}`, 'Roles/r.xml'));
    expect(deep).toMatchObject({ code: 'import_too_deep', path: ['Roles/r.xml'] });
    expect(deep.cause).toBeInstanceOf(Error);
  });
});
