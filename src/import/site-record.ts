/** The kinds of site record the import maps onto a policy. */
export type SiteRecordKind =
  | 'webRole'
  | 'tablePermission'
  | 'page'
  | 'webFile'
  | 'pageRule'
  | 'columnPermissionProfile'
  | 'columnPermission';

/** One record of a site, as read from its file: the fields under their written names (own properties only). */
export interface SiteRecord {
  readonly kind: SiteRecordKind;
  /** The file the record was read from (relative to the source), for the report. */
  readonly file: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The prefixes a field may carry: none (enhanced model), `adx_` (standard model), `mspp_` (Dataverse tables). */
const PREFIXES = ['', 'adx_', 'mspp_'] as const;

/** The value of field `name` under any of its prefixed spellings, read from own properties only. */
export function fieldOf(record: SiteRecord, name: string): unknown {
  for (const prefix of PREFIXES) {
    const key = `${prefix}${name}`;
    if (Object.hasOwn(record.fields, key)) return record.fields[key];
  }
  return undefined;
}

/** A text field, trimmed; `undefined` when absent, empty or not text (a number or boolean is never a name). */
export function textOf(record: SiteRecord, name: string): string | undefined {
  const value = fieldOf(record, name);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A lookup field (an id), lower-cased so ids compare as Dataverse compares GUIDs. */
export function idOf(record: SiteRecord, name: string): string | undefined {
  return textOf(record, name)?.toLowerCase();
}

/** A yes/no field: only `true` (or the text "true", or 1) is yes; anything else is no (fail closed). */
export function flagOf(record: SiteRecord, name: string): boolean {
  const value = fieldOf(record, name);
  return (
    value === true || value === 1 || (typeof value === 'string' && value.trim().toLowerCase() === 'true')
  );
}

/** An option-set field as an integer, or `undefined` when absent or not an integer. */
export function optionOf(record: SiteRecord, name: string): number | undefined {
  const value = fieldOf(record, name);
  const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/** A list of ids (a YAML list, or one id), lower-cased; entries that are not text are dropped. */
export function idsOf(record: SiteRecord, ...names: string[]): string[] {
  for (const name of names) {
    const value = fieldOf(record, name);
    if (value === undefined || value === null) continue;
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((entry) =>
      typeof entry === 'string' && entry.trim() !== '' ? [entry.trim().toLowerCase()] : [],
    );
  }
  return [];
}

/** Whether the record is inactive (`statecode: 1`); active when the field is absent. */
export function isInactive(record: SiteRecord): boolean {
  return optionOf(record, 'statecode') === 1;
}
