import { decodeXmlText, parseJson, parseXml } from './parse-file.js';
import type { SiteRecord, SiteRecordKind } from './site-record.js';

/** Power Pages component types (`powerpagecomponenttype`) that carry permissions, and the record each holds. */
export const COMPONENT_KINDS: Readonly<Record<number, SiteRecordKind>> = {
  2: 'page',
  3: 'webFile',
  10: 'pageRule',
  11: 'webRole',
  18: 'tablePermission',
  28: 'columnPermissionProfile',
  29: 'columnPermission',
};

/** A solution's site component file: `powerpagecomponents/<id>/powerpagecomponent.xml`. */
export const COMPONENT_FILE = /(^|\/)powerpagecomponents\/[^/]+\/powerpagecomponent\.xml$/i;

function textIn(element: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(element, name)) return undefined;
  const value = element[name];
  if (typeof value === 'string') return decodeXmlText(value);
  if (typeof value === 'number') return String(value);
  // An element with attributes parses to an object whose text sits under `#text`.
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, '#text')) {
    const text = (value as Record<string, unknown>)['#text'];
    return typeof text === 'string' ? decodeXmlText(text) : undefined;
  }
  return undefined;
}

/**
 * The record a solution's site component holds: the JSON in `<content>` with the component's id, name and
 * state added, or `undefined` for a component type that carries no permission.
 */
export function componentRecord(
  text: string,
  file: string,
): SiteRecord | { readonly skipped: string } | undefined {
  const document = parseXml(text, file) as Record<string, unknown>;
  const element = Object.hasOwn(document, 'powerpagecomponent') ? document.powerpagecomponent : undefined;
  if (typeof element !== 'object' || element === null) return { skipped: 'no <powerpagecomponent> element' };
  const root = element as Record<string, unknown>;
  const typeText = textIn(root, 'powerpagecomponenttype');
  // A type written twice, or as an element holding others, may be a rule or profile that restricts: passing
  // it over silently would open what it restricts, so the report names it.
  if (typeText === undefined && Object.hasOwn(root, 'powerpagecomponenttype'))
    return { skipped: '<powerpagecomponenttype> is not one number' };
  const type = Number(typeText);
  const kind =
    Number.isInteger(type) && Object.hasOwn(COMPONENT_KINDS, type) ? COMPONENT_KINDS[type] : undefined;
  if (kind === undefined) return undefined;
  const content = textIn(root, 'content');
  const parsed = content === undefined ? {} : parseJson(content, file);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { skipped: '<content> is not a JSON object' };
  }
  const fields: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
  const id = textIn(root, '@_powerpagecomponentid') ?? textIn(root, 'powerpagecomponentid');
  if (id !== undefined) fields.id = id;
  const name = textIn(root, 'name');
  if (name !== undefined && !Object.hasOwn(fields, 'name') && !Object.hasOwn(fields, 'adx_name'))
    fields.name = name;
  const state = textIn(root, 'statecode');
  if (state !== undefined) fields.statecode = state;
  return { kind, file, fields };
}
