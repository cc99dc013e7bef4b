/**
 * Every `code` an error of this library carries, with what it means: the closed list `ErrorCode` is made
 * from, and the catalogue docs/errors.md is generated from. Adding a code is one line here, in the group of
 * the error that throws it; the compiler then accepts it in that error's constructor.
 */
export const ERROR_CODES = {
  // Validation (core): `issues` lists every problem with its JSON path.
  invalid_policy: 'The policy input is invalid (`PolicyValidationError`); `issues` lists every problem.',
  invalid_principal:
    'The principal is malformed or names something the policy lacks (`PrincipalValidationError`).',
  undefined_policy: 'The value given as a policy is not the result of `definePolicy`.',
  invalid_options:
    'An options object (ability options, `configure`) is not an object, or holds an unknown or mistyped setting.',
  configuration_locked:
    'The shared configuration on `globalThis` is frozen, so `configure` cannot change it.',
  invalid_cache_size: '`AbilityCache`’s `max` is not a positive integer.',
  hierarchy_off: 'A user’s reports are read while the policy has no hierarchy security.',
  // Record checks and writes.
  not_a_record: 'A record-level helper got a value that is not an object.',
  untagged_record: 'A record-level helper got a record that `subject()` did not tag.',
  record_table_mismatch: 'A record is tagged with another table than the one named.',
  table_mismatch: 'The two versions of an update are tagged with different tables.',
  columns_unknown: 'The table does not declare its fields, so its columns cannot be listed without a record.',
  // SQL filters.
  unknown_dialect: 'The SQL dialect is not `postgres` or `sqlite`.',
  invalid_first_parameter: '`firstParameter` is not a positive integer.',
  invalid_sql_identifier:
    'A table or column name does not match the identifier pattern SQL names must follow.',
  invalid_sql_mapping:
    'An SQL mapping entry is malformed (a many-to-many rename that is not an object of new names).',
  unknown_table: 'A table is not defined by the policy (or its SQL mapping).',
  unknown_relationship: 'A many-to-many relationship is not defined by the policy.',
  missing_share_table:
    'A rule needs record shares, but the table declares no share table (`tables.X.sql.shares`).',
  unsupported_condition: 'A condition node has no SQL writer.',
  // Integrations.
  invalid_plugin_options: 'The Fastify plugin’s options are malformed.',
  not_found:
    'The Fastify plugin refused a record the principal may not read (HTTP 404, `AuthorizationError`).',
  forbidden: 'The Fastify plugin refused an action on a readable record (HTTP 403, `AuthorizationError`).',
  mixed_dialects: 'A Drizzle query mixes tables of two SQL dialects.',
  // Account lifecycle (`portal-permissions/accounts`): refusals change nothing.
  invalid_lifecycle_input:
    'A lifecycle request names something unknown or malformed; `issues` lists each problem.',
  invalid_bulk_import:
    'A CSV import was refused as a whole; `issues` lists every bad row by line and column.',
  invalid_target: '`administrativeTarget` got an account without an own, known `kind`.',
  invitation_code_mismatch: 'The invitation code is wrong or tampered with.',
  invitation_expired: 'The invitation’s expiry instant has been reached.',
  invitation_exhausted: 'A group invitation was redeemed its maximum number of times.',
  invitation_inactive: 'The invitation was deactivated.',
  invitation_already_redeemed: 'A single invitation was already redeemed.',
  invitation_not_for_contact: 'The invitation does not name this contact.',
  invitation_newcomers_only:
    'The invitation registers someone who is not a contact yet; a contact cannot redeem it.',
  invitation_busy: 'Concurrent redemptions kept changing the invitation; nothing changed, try again.',
  contact_not_invitable:
    'The contact cannot be bound to an account by an invitation (no company or account, deleted).',
  registration_disabled: 'Invitations (or open registration) are switched off in the policy.',
  invalid_account_transition: 'The account state change is not allowed from the current state.',
  restore_window_closed: 'The 30-day restore window of a deleted account has closed.',
  stub_user: 'A stub user (an import placeholder) can be neither enabled nor signed in.',
  sign_in_refused:
    'Sign-in is refused (account state, pending invitation, access mode); `reason` says which.',
  password_change_required: 'The only operation left to the principal is changing their password.',
  licence_pool_exhausted: 'Not enough free licence seats; `missing` says how many more the pool needs.',
  role_assignment_on_disabled_user: 'Roles cannot be assigned to a disabled user.',
  foreign_business_unit_role: 'A security role of another business unit cannot be assigned.',
  privilege_elevation: 'A role grants more than the assigner holds.',
  operation_not_allowed: 'The acting administrator’s ability does not allow the operation on this account.',
  administrative_elevation: 'An administrative role can be handed out only by someone who holds it.',
  web_role_elevation: 'A contact can hand out only web roles they hold.',
  non_interactive_limit: 'The environment already has the maximum number of non-interactive users.',
  // Property-test kit (`portal-permissions/testing`): `PolicyPropertyError`.
  property_error: 'A property could not run on a generated case.',
  forbidden_access: 'A principal can do what the property forbids.',
  access_narrowed: 'A policy change takes away access the property keeps.',
  access_widened: 'A policy change gives access the property does not allow.',
  reference_disagreement: 'The ability, the SQL filter and the reference evaluator disagree.',
  pooled_database: 'The kit got a pg Pool; its temporary tables need one connection (a Client).',
  unknown_database: 'The kit got a database that is neither PGlite, a pg Client nor better-sqlite3.',
  // The Fastify plugin (`portal-permissions/fastify`).
  invalid_request_principal:
    'The principal `principalFor` returned fails validation (`RequestPrincipalError`); map it, e.g. to a new sign-in.',
  // Importing sites and solutions (`portal-permissions/import`): `ImportError`, the path starting with the file.
  import_unsafe_path: 'A file name climbs out of the source (`..`), is absolute, or holds U+0000.',
  import_file_too_large: 'A file, or the source in all, is larger than `IMPORT_LIMITS` allows.',
  import_too_many_files: 'The source holds more files than `IMPORT_LIMITS` allows.',
  import_too_deep: 'A YAML or XML document, or the folder tree, nests deeper than `IMPORT_LIMITS` allows.',
  import_yaml_aliases: 'A YAML document uses more aliases than allowed (an alias bomb).',
  import_unparsable_file: 'A YAML or XML file cannot be parsed, or declares a DOCTYPE.',
  import_source_unreadable:
    'The folder cannot be read, or the source is neither a folder path nor `{ files }`.',
  import_nothing_found: 'The source holds no site download and no solution the importer can read.',
  import_unresolved_relationship:
    'With `strict`, a permission names a relationship that is not resolved; map it in `options.relationships`.',
  import_invalid_options: 'An import option is unknown or mistyped.',
  import_unsupported_record:
    'With `strict`, a record cannot be mapped (unknown scope, page rule right, privilege).',
  import_invalid_policy: 'The imported policy does not validate; the cause lists the issues.',
  // The policy store (`portal-permissions/store`): `PolicyStoreError` and its subclasses.
  invalid_store_options: '`createPolicyStore`’s options are unknown, mistyped or not own properties.',
  invalid_publish_options:
    'The options of `publish`, `rollback`, `preview` or `history` are unknown or mistyped (author, comment, limit).',
  policy_document_too_large: 'The policy document is larger than the store’s `maxDocumentBytes`.',
  unstorable_policy_document: 'The policy document holds a value PostgreSQL cannot store (U+0000).',
  policy_version_conflict:
    'Another publish won from the same base version (`PolicyVersionConflictError`); the message names the new version.',
  unknown_policy_version: 'A rollback or lookup names a version the store does not hold.',
  policy_widens:
    'The change widens access (`PolicyWidensError`); publish again with `allowWiden` and a reason if that is meant.',
  no_published_policy: 'The store holds no version yet: publish a first one.',
  policy_store_closed: 'The store was closed.',
  // The command line.
  usage_error: 'The command line is malformed; the message says what to type.',
  invalid_input: 'An input file cannot be read or parsed.',
} as const satisfies Readonly<Record<string, string>>;

/** Every `code` an error of this library carries (`PortalPermissionsError.code`). */
export type ErrorCode = keyof typeof ERROR_CODES;
