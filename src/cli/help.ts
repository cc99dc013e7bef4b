/** The help text of each command, and of the command line as a whole. */
export const HELP = {
  main: `Usage: portal-permissions <command> [options]

Commands:
  validate <policy.json>                 check a policy file; errors name their JSON path
  schema                                 print the JSON Schema of a policy file
  explain <policy.json> [options]        why a principal may or may not act on a record
  matrix <policy.json> [options]         who may do what to which record
  diff <before.json> <after.json> [...]  which decisions a policy change flips
  pages <policy.json> [options]          who may view and change which page (webpage access rules)
  import site|solution <dir> [options]   a Power Pages site download or a Dataverse solution as a policy

Run "portal-permissions <command> --help" for a command's options.

Exit codes: 0 ok (or allowed), 1 invalid input (or denied), 2 usage error.
Input files: principals.json is { "label": principal, … }; records.json is { "table": [record, …], … }.
`,
  validate: `Usage: portal-permissions validate <policy.json>

Validates a policy file. Prints a summary and any warnings; on errors prints each problem with its
JSON path and exits 1.
`,
  schema: `Usage: portal-permissions schema

Prints the JSON Schema of a policy file (also shipped as portal-permissions/policy.schema.json);
point "$schema" at it for editor completion.
`,
  explain: `Usage: portal-permissions explain <policy.json> --principals <file> --principal <label>
         (--records <file> --record <label> | --table <table>) [--action read] [--field <column>]
         [--format text|json]

Explains one decision: the grants that allow it, or why it is denied. --record names a record by
its key (or table:key); --table alone asks the type-level question ("any record of this table?").
--field asks about one column: the column permission or profile that grants it, or the missing one.
Exits 0 when allowed, 1 when denied.
`,
  matrix: `Usage: portal-permissions matrix <policy.json> --principals <file> --records <file>
         [--action read]... [--format markdown|csv|html|json] [--title <text>] [--columns]

Prints the who-sees-what table: one row per record, one column per principal. --action may be
repeated or comma-separated (default: read). --columns also lists the columns each principal may
read, create or write (markdown and json). Exits 1 when a principal is invalid (shown with no access).
`,
  diff: `Usage: portal-permissions diff <before.json> <after.json> --principals <file> --records <file>
         [--after-principals <file>] [--action <action>]... [--format markdown|json] [--exit-code]
         [--rows-only]

Lists every (principal, record, action) whose decision flips from the first policy to the second,
grouped by principal as widened or narrowed. --after-principals replaces or adds principals (by
label) on the after side, e.g. to preview giving Jane another web role. Checks every privilege
unless --action is given. Column changes on rows allowed on both sides are listed too, unless
--rows-only. With --exit-code, exits 1 when anything changed.
`,
  pages: `Usage: portal-permissions pages <policy.json> --principals <file>
         [--action view|change]... [--format markdown|csv|html|json] [--title <text>]
       portal-permissions pages <policy.json> --principals <file> --principal <label> --page <id>
         [--action view|change] [--format text|json]

Prints who may view and change each page of the policy's page tree under its webpage access control
rules (default: both actions). With --principal and --page, explains one decision instead: the rules
covering the page, their roles and the ones held; exits 1 when denied. Exits 1 when a principal is
invalid (shown with no access).
`,
  import: `Usage: portal-permissions import site <dir> [--relationships <map.json>] [--strict]
       portal-permissions import solution <dir> [--relationships <map.json>] [--strict]

Imports a Power Pages site (the folder pac pages download or pac paportal download wrote, or an unpacked
solution holding powerpagecomponents) or an unpacked Dataverse solution (security roles, field security
profiles) as a policy. Prints the policy JSON on stdout and the report (every record left out, and why)
on stderr. --relationships maps relationship schema names the files do not declare:
{ "<schema name>": { "table": "<logical name>", "column": "<lookup column>" } }. --strict makes an
unresolved relationship an error. Exits 1 when the source cannot be imported.
`,
} as const;

/** A command the command line knows. */
export type CommandName = Exclude<keyof typeof HELP, 'main'>;
