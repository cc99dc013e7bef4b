import { definePolicy, type PolicyInput } from 'portal-permissions';
import { formatImportReport, importPowerPagesSite, type RelationshipMap } from 'portal-permissions/import';
import { portalPolicyInput } from '../policy.js';
import { personas } from '../seed.js';

type TableDeclaration = PolicyInput['tables'][string];

/**
 * The relationships a site written for this example names, mapped to the fields the example's records carry.
 * A real site names Dataverse relationships (`order_customer_contacts` is `salesorder.customerid`), whose
 * columns this example's rows do not have: such a site does not fit, and the portal says so.
 */
export const PORTAL_SITE_RELATIONSHIPS: RelationshipMap = {
  portal_salesorder_orderedby: { table: 'salesorder', column: 'orderedBy' },
  portal_salesorder_customeraccount: { table: 'salesorder', column: 'customerAccount' },
  portal_salesorder_lines: { table: 'salesorderline', column: 'salesOrderId' },
};

/** The tables the example's pages and API serve: a site must grant on each, or it governs nothing here. */
const SERVED_TABLES = ['salesorder', 'salesorderline', 'terms'] as const;

/** A site folder whose policy the example cannot serve; `problems` names each thing missing or different. */
export class SiteDoesNotFitError extends Error {
  override readonly name = 'SiteDoesNotFitError';
  readonly code = 'site_does_not_fit';
  constructor(
    readonly folder: string,
    readonly problems: readonly string[],
  ) {
    super(
      `the site in ${folder} does not fit the example portal:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'The example serves the tables salesorder, salesorderline and terms with the fields of seed.ts; map the ' +
        "site's relationships to them (PORTAL_SITE_RELATIONSHIPS in permissions/site.ts) and name the web roles " +
        'its personas hold, or start without PORTAL_SITE.',
    );
  }
}

/** A site imported for the example: the policy to publish first, and the import report's summary. */
export interface SitePolicy {
  readonly folder: string;
  readonly policy: PolicyInput;
  /** The report as text (`formatImportReport`), and what the example took from the site. */
  readonly summary: string;
}

/** The web roles the example's own parts name: its personas, column permissions and page rules. */
function rolesTheExampleNames(): Set<string> {
  const names = new Set<string>();
  for (const persona of personas) for (const role of persona.webRoles) names.add(role);
  for (const permission of portalPolicyInput.columnPermissions)
    for (const role of permission.webRoles) names.add(role);
  for (const rule of portalPolicyInput.pageRules) for (const role of rule.webRoles) names.add(role);
  return names;
}

/** How an imported table's relationship fields differ from the example's declaration of it. */
function differences(name: string, imported: TableDeclaration, served: TableDeclaration): string[] {
  const problems: string[] = [];
  for (const slot of ['contact', 'account'] as const) {
    const column = imported[slot];
    if (column !== undefined && column !== served[slot])
      problems.push(
        `table ${name}: the site's ${slot} relationship is the column "${column}", the example's rows hold it in "${served[slot] ?? '(none)'}"`,
      );
  }
  const servedParents: Readonly<Record<string, string>> = served.parent ?? {};
  for (const [parent, column] of Object.entries(imported.parent ?? {}))
    if (!Object.hasOwn(servedParents, parent) || servedParents[parent] !== column)
      problems.push(
        `table ${name}: the site's parent relationship to ${parent} is the column "${column}", which the example's rows do not hold`,
      );
  return problems;
}

/** The fields a permission on a served table may name as its own relationship: those the example's rows hold. */
function fieldsOf(served: TableDeclaration): Set<string> {
  const fields = new Set<string>(Object.values(served.parent ?? {}));
  for (const field of [served.contact, served.account]) if (field !== undefined) fields.add(field);
  for (const name of Object.keys(served.manyToMany ?? {})) fields.add(name);
  return fields;
}

/** Permissions on served tables whose own relationship is a column the example's rows do not hold. */
function permissionProblems(imported: PolicyInput): string[] {
  const servedTables: Readonly<Record<string, TableDeclaration>> = portalPolicyInput.tables;
  const problems: string[] = [];
  for (const permission of imported.tablePermissions ?? []) {
    const { relationship, table } = permission;
    if (relationship === undefined || !Object.hasOwn(servedTables, table)) continue;
    if (!fieldsOf(servedTables[table]!).has(relationship))
      problems.push(
        `table permission "${permission.name}": its relationship is the column "${relationship}", which the example's ${table} rows do not hold`,
      );
  }
  return problems;
}

/** Everything that keeps the imported policy from running on the example's tables and personas. */
function problemsOf(imported: PolicyInput): string[] {
  const problems: string[] = [];
  const servedTables: Readonly<Record<string, TableDeclaration>> = portalPolicyInput.tables;
  for (const table of SERVED_TABLES)
    if (!Object.hasOwn(imported.tables, table))
      problems.push(`table ${table}: the site grants nothing on it (no active table permission names it)`);
  for (const [name, declaration] of Object.entries(imported.tables))
    if (Object.hasOwn(servedTables, name))
      problems.push(...differences(name, declaration, servedTables[name]!));
  problems.push(...permissionProblems(imported));
  // The example keeps its own column permissions: serving the site's rows without the site's would open columns.
  for (const profile of imported.columnPermissions ?? [])
    problems.push(
      `column permission profile "${profile.name}" on ${profile.table}: the example keeps its own column permissions and would drop it; remove it from the site folder`,
    );
  const roles = new Set((imported.webRoles ?? []).map((role) => role.name));
  for (const role of rolesTheExampleNames())
    if (!roles.has(role))
      problems.push(`web role "${role}": the example's personas or rules use it, the site has none`);
  return problems;
}

/**
 * The example's policy with the site's web roles and table permissions (decision D43). The example keeps what
 * a site download does not say about this app: how its tables are stored (`sql`), its page tree (the site's
 * pages are the site's own routes), column permissions, administrative roles and the back office.
 */
function composedPolicy(imported: PolicyInput): PolicyInput {
  return {
    ...portalPolicyInput,
    tables: { ...imported.tables, ...portalPolicyInput.tables },
    webRoles: imported.webRoles ?? [],
    tablePermissions: imported.tablePermissions ?? [],
  };
}

/**
 * Imports a Power Pages site folder for the example portal. Throws `SiteDoesNotFitError` when the site does
 * not declare the tables, relationship fields or web roles the example needs (nothing is guessed), the
 * import's own `ImportError` when the files cannot be read, and the policy error when the result is invalid.
 */
export async function loadSitePolicy(folder: string): Promise<SitePolicy> {
  const { policy, report } = await importPowerPagesSite(folder, { relationships: PORTAL_SITE_RELATIONSHIPS });
  const problems = problemsOf(policy);
  if (problems.length > 0) throw new SiteDoesNotFitError(folder, problems);
  const ignored = (policy.pages?.length ?? 0) + (policy.pageRules?.length ?? 0);
  const taken =
    `site ${folder}: ${policy.webRoles?.length ?? 0} web roles and ${policy.tablePermissions?.length ?? 0} table permissions taken` +
    (ignored > 0
      ? `; ${ignored} pages and page rules not used (the example's page tree is its own routes)`
      : '');
  const composed = composedPolicy(policy);
  // Validated here, before the portal opens its database: a policy that cannot compile is never published.
  definePolicy(composed);
  return { folder, policy: composed, summary: `${formatImportReport(report)}${taken}\n` };
}
