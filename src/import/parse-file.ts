import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isScalar, parseDocument, visit } from 'yaml';
import { ImportError } from './import-error.js';
import { IMPORT_LIMITS } from './limits.js';
import { blockDepth, flowDepth } from './yaml-nesting.js';

/** Refuses values nested deeper than the bound, without recursion (a deep document must not overflow the stack). */
function checkDepth(value: unknown, file: string): void {
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > IMPORT_LIMITS.maxDepth) {
      throw new ImportError(
        'import_too_deep',
        `${file} nests values more than ${IMPORT_LIMITS.maxDepth} levels deep; records are flat, so this is not a site file`,
        {
          path: [file],
        },
      );
    }
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
}

/**
 * The value of one YAML document. Duplicate keys are refused with one set per mapping: the parser's own
 * check compares every pair of keys, quadratic in the size of a mapping.
 */
function yamlValue(text: string, file: string): unknown {
  const document = parseDocument(text, { uniqueKeys: false });
  const error = document.errors[0];
  if (error !== undefined) throw error;
  visit(document, {
    Map(_, map) {
      const keys = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (keys.has(key)) {
          throw new ImportError(
            'import_unparsable_file',
            `${file} is not valid YAML (map keys must be unique; "${key}" is repeated): keep one of them`,
            { path: [file] },
          );
        }
        keys.add(key);
      }
    },
  });
  return document.toJS({ maxAliasCount: IMPORT_LIMITS.maxAliasCount });
}

/** Parses one YAML file with a bounded alias count (an alias bomb is refused) and a bounded depth. */
export function parseYaml(text: string, file: string): unknown {
  const limit = IMPORT_LIMITS.maxDepth;
  if (flowDepth(text, limit) > limit || blockDepth(text, limit) > limit) {
    throw new ImportError(
      'import_too_deep',
      `${file} nests values more than ${IMPORT_LIMITS.maxDepth} levels deep; records are flat, so this is not a site file`,
      {
        path: [file],
      },
    );
  }
  let value: unknown;
  try {
    value = yamlValue(text, file);
  } catch (cause) {
    if (cause instanceof ImportError) throw cause;
    if (cause instanceof ReferenceError) {
      throw new ImportError(
        'import_yaml_aliases',
        `${file} uses more than ${IMPORT_LIMITS.maxAliasCount} YAML aliases, which would expand without bound; remove the aliases`,
        {
          path: [file],
          cause,
        },
      );
    }
    throw new ImportError(
      'import_unparsable_file',
      `${file} is not valid YAML (${(cause as Error).message.split('\n')[0]})`,
      {
        path: [file],
        cause,
      },
    );
  }
  checkDepth(value, file);
  return value;
}

/** Parses one JSON text (the `content` of a solution's site component) with a bounded depth. */
export function parseJson(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ImportError(
      'import_unparsable_file',
      `${file} holds content that is not valid JSON (${(cause as Error).message})`,
      {
        path: [file],
        cause,
      },
    );
  }
  checkDepth(value, file);
  return value;
}

// Entities are never expanded (no billion laughs, no external files); attributes keep a `@_` prefix.
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  maxNestedTags: IMPORT_LIMITS.maxDepth,
});

/** Parses one XML file with entity expansion off and a bounded depth. */
export function parseXml(text: string, file: string): unknown {
  if (/<!DOCTYPE/i.test(text)) {
    throw new ImportError(
      'import_unparsable_file',
      `${file} declares a DOCTYPE, which solution files never do; remove it`,
      {
        path: [file],
      },
    );
  }
  // The parser is lenient: it would read a repeated attribute as its last value and a misnested element as
  // something; a malformed file is refused instead, so no attribute is guessed.
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) {
    throw new ImportError(
      'import_unparsable_file',
      `${file} is not well-formed XML (${wellFormed.err.msg} at line ${wellFormed.err.line}); export the solution again`,
      { path: [file] },
    );
  }
  let value: unknown;
  try {
    value = xmlParser.parse(text);
  } catch (cause) {
    const deep = /nest/i.test((cause as Error).message);
    throw new ImportError(
      deep ? 'import_too_deep' : 'import_unparsable_file',
      deep
        ? `${file} nests elements more than ${IMPORT_LIMITS.maxDepth} levels deep`
        : `${file} is not valid XML (${(cause as Error).message})`,
      { path: [file], cause },
    );
  }
  checkDepth(value, file);
  return value;
}

/** The XML entities a solution's text may hold, decoded once (never expanded recursively). */
export function decodeXmlText(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, name: string) => {
    if (name === 'lt') return '<';
    if (name === 'gt') return '>';
    if (name === 'quot') return '"';
    if (name === 'apos') return "'";
    if (name === 'amp') return '&';
    const code = name.startsWith('#x')
      ? Number.parseInt(name.slice(2), 16)
      : Number.parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}
