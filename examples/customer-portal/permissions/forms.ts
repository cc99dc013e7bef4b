import type { PolicyInput } from 'portal-permissions';

/** The parts of a policy the console edits as forms: each item names the web roles it applies to. */
export const ROLE_SECTIONS = ['tablePermissions', 'pageRules', 'columnPermissions'] as const;

/** One of the sections edited as a grid of items × web roles. */
export type RoleSection = (typeof ROLE_SECTIONS)[number];

/** A submitted form: every field a string (absent when unchecked). */
export type Form = Readonly<Record<string, string | undefined>>;

interface RoleItem {
  readonly name: string;
  readonly webRoles?: readonly string[];
  readonly active?: boolean;
}

/** The field of the checkbox "item `index` of `section` applies to web role `role`". */
export const roleField = (section: RoleSection, index: number, role: number) =>
  `${section}.${index}.role.${role}`;

/** The field of the checkbox "table permission `index` is active". */
export const activeField = (index: number) => `tablePermissions.${index}.active`;

/** The items of a section, as the document holds them. */
export function itemsOf(document: PolicyInput, section: RoleSection): readonly RoleItem[] {
  return ((document as Record<string, unknown>)[section] as readonly RoleItem[] | undefined) ?? [];
}

/** The web role names of a document, in its order. */
export const webRoleNames = (document: PolicyInput): string[] =>
  (document.webRoles ?? []).map((role) => role.name);

/**
 * The document the forms describe: the base document with each item's web roles and each table permission's
 * `active` taken from the checkboxes, and a new web role when one is named. Only fields the form owns change;
 * everything else is the base document's, so the store reviews exactly the operator's edits.
 */
export function documentFromForm(base: PolicyInput, form: Form): PolicyInput {
  const roles = webRoleNames(base);
  const checked = (field: string) => Object.hasOwn(form, field) && form[field] === 'on';
  const edited: Record<string, unknown> = { ...base };
  for (const section of ROLE_SECTIONS) {
    if (!Object.hasOwn(base, section)) continue;
    edited[section] = itemsOf(base, section).map((item, index) => ({
      ...item,
      webRoles: roles.filter((_, role) => checked(roleField(section, index, role))),
      ...(section === 'tablePermissions' ? { active: checked(activeField(index)) } : {}),
    }));
  }
  const newRole = Object.hasOwn(form, 'newWebRole') ? form.newWebRole?.trim() : undefined;
  if (newRole) edited.webRoles = [...(base.webRoles ?? []), { name: newRole }];
  return edited as unknown as PolicyInput;
}
