/** What a contact import carries beside each contact that is not about access: names, email, usage location. */
export interface ImportedProfile {
  /** The imported contact's id (the email when the file has no id column). */
  readonly id: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly displayName?: string;
  readonly email?: string;
  /** Two-letter country code (ISO 3166-1 alpha-2), as Entra's usage location. */
  readonly usageLocation?: string;
}

/** Partner Center's limit on first, last and display names. */
export const MAX_NAME_LENGTH = 50;

const NAME_COLUMNS = ['firstName', 'lastName', 'displayName'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Za-z]{2}$/;

/**
 * The profile columns of one row, checked: names of at most 50 characters, a display name in every row of a
 * Partner Center template file (its template requires one), an email address that looks like one, and a
 * two-letter usage location.
 */
export function profileOf(
  id: string,
  cells: ReadonlyMap<string, string>,
  issue: (column: string, code: string, message: string) => void,
  template: boolean,
): ImportedProfile {
  const profile: Record<string, string> = { id };
  for (const column of NAME_COLUMNS) {
    const value = cells.get(column) ?? '';
    if (value.length > MAX_NAME_LENGTH)
      issue(column, 'name_too_long', `${value.length} characters; the limit is ${MAX_NAME_LENGTH}`);
    if (value !== '') profile[column] = value;
  }
  if (template && (cells.get('displayName') ?? '').trim() === '')
    issue('displayName', 'missing_display_name', 'the display name is empty; the template requires one');
  const email = cells.get('email') ?? '';
  if (email !== '' && !EMAIL.test(email))
    issue('email', 'invalid_email', `"${email}" is not an email address`);
  if (email !== '') profile.email = email;
  const location = cells.get('usageLocation') ?? '';
  if (location !== '' && !COUNTRY.test(location))
    issue(
      'usageLocation',
      'invalid_usage_location',
      `"${location}" is not a two-letter country code such as NL or FR`,
    );
  if (location !== '') profile.usageLocation = location.toUpperCase();
  return profile as unknown as ImportedProfile;
}
