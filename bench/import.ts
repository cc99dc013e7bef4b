/**
 * Importing a Power Pages site: 1,000 table permissions (issue 30 target: under a second), 20 web roles,
 * 200 pages and 50 page rules, from `{ files }` and from a folder, against two baselines measured in the same
 * run: parsing the same YAML files alone, and validating the imported policy alone.
 * Run: `npm run bench -- import` (or `node --import tsx bench/import.ts` after `npm run build`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { definePolicy } from 'portal-permissions';
import { importPowerPagesSite } from 'portal-permissions/import';
import { parse } from 'yaml';

const PERMISSIONS = 1_000;
const ROLES = 20;
const PAGES = 200;
const RULES = 50;
const TABLES = ['salesorder', 'incident', 'invoice', 'quote', 'opportunity'];

/** A site download in memory: roots in contact or account scope, every fourth permission a child. */
function site(): Record<string, string> {
  const files: Record<string, string> = {};
  const role = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  for (let index = 0; index < ROLES; index++) {
    files[`.powerpages-site/web-roles/role-${index}.webrole.yml`] =
      `id: ${role(index)}\nname: Role ${index}\nauthenticatedusersrole: ${index === 0}\nanonymoususersrole: false\n`;
  }
  for (let index = 0; index < PERMISSIONS; index++) {
    const table = TABLES[index % TABLES.length]!;
    const child = index % 4 === 3;
    const byAccount = index % 2 === 0;
    const lines = [
      `id: p-${index}`,
      `entityname: Permission ${index}`,
      `entitylogicalname: ${child ? 'annotation' : table}`,
      'read: true',
      `write: ${index % 3 === 0}`,
      `entitypermission_webrole:\n- ${role(index % ROLES)}\n- ${role((index * 7) % ROLES)}`,
    ];
    if (child) {
      const parentTable = TABLES[(index - 1) % TABLES.length]!;
      const annotation = {
        salesorder: 'SalesOrder_Annotation',
        incident: 'Incident_Annotation',
        invoice: 'Invoice_Annotation',
        quote: 'Quote_Annotation',
        opportunity: 'Opportunity_Annotation',
      }[parentTable];
      lines.push(
        'scope: 756150003',
        `parententitypermission: p-${index - 1}`,
        `parentrelationship: ${annotation}`,
      );
    } else if (byAccount)
      lines.push(
        'scope: 756150002',
        `accountrelationship: ${table === 'salesorder' ? 'order' : table}_customer_accounts`,
      );
    else
      lines.push(
        'scope: 756150001',
        `contactrelationship: ${table === 'salesorder' ? 'order' : table}_customer_contacts`,
      );
    files[`.powerpages-site/table-permissions/permission-${index}.tablepermission.yml`] =
      `${lines.join('\n')}\n`;
  }
  for (let index = 0; index < PAGES; index++) {
    const parent = index === 0 ? '' : `parentpageid: page-${Math.floor((index - 1) / 4)}\n`;
    files[`.powerpages-site/web-pages/page-${index}/Page-${index}.webpage.yml`] =
      `id: page-${index}\nname: Page ${index}\n${parent}`;
  }
  for (let index = 0; index < RULES; index++) {
    files[`.powerpages-site/webpage-rules/rule-${index}.webpagerule.yml`] =
      `id: rule-${index}\nname: Rule ${index}\nwebpageid: page-${index * 4}\nright: ${1 + (index % 2)}\nscope: 1\nwebpageaccesscontrolrule_webrole:\n- ${role(1 + (index % (ROLES - 1)))}\n`;
  }
  return files;
}

const files = site();
const folder = mkdtempSync(join(tmpdir(), 'bench-import-'));
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(folder, path)), { recursive: true });
  writeFileSync(join(folder, path), text);
}
const { policy, report } = await importPowerPagesSite({ files });
if (policy.tablePermissions?.length !== PERMISSIONS || report.skipped.length > 0) {
  throw new Error(
    `the generated site did not import whole: ${policy.tablePermissions?.length} permissions, ${report.skipped.length} left out`,
  );
}

const variants: Record<string, () => Promise<number>> = {
  'import { files }': async () =>
    (await importPowerPagesSite({ files })).policy.tablePermissions?.length ?? 0,
  'import folder': async () => (await importPowerPagesSite(folder)).policy.tablePermissions?.length ?? 0,
  'baseline: YAML parse only': async () =>
    Object.values(files).reduce((count, text) => count + (parse(text) ? 1 : 0), 0),
  'baseline: definePolicy only': async () => definePolicy(policy).tablePermissions.length,
};

const ROUNDS = 9;
const samples = new Map(Object.keys(variants).map((name) => [name, [] as number[]]));
let sink = 0;
for (let round = -2; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(variants)) {
    const start = process.hrtime.bigint();
    sink += await run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (round >= 0) samples.get(name)!.push(ms);
  }
}
rmSync(folder, { recursive: true, force: true });
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const baseline = median(samples.get('baseline: YAML parse only')!);
console.log(
  `${PERMISSIONS} table permissions, ${ROLES} web roles, ${PAGES} pages, ${RULES} page rules (${Object.keys(files).length} files); median of ${ROUNDS} rounds\n`,
);
console.log('| variant | median | vs YAML parse only |\n|---|---|---|');
for (const [name, values] of samples) {
  const ms = median(values);
  console.log(`| ${name} | ${ms.toFixed(1)} ms | ${(ms / baseline).toFixed(2)}× |`);
}
const worst = Math.max(median(samples.get('import { files }')!), median(samples.get('import folder')!));
console.log(
  `\ntarget: a site of ${PERMISSIONS} table permissions imports in under 1 s: ${worst < 1000 ? 'met' : 'NOT met'} (${worst.toFixed(0)} ms)`,
);
if (sink === 0.5) console.log('unreachable');
