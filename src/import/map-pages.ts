import { nameSchema } from '../base/names.js';
import type { PageInput, PageRuleInput } from '../policy/page.js';
import type { ReportBuilder, ReportedRecord } from './import-report.js';
import { idOf, idsOf, isInactive, optionOf, type SiteRecord, textOf } from './site-record.js';

/** Webpage access control rule rights by option value. */
const RIGHT_OPTIONS: Readonly<Record<number, PageRuleInput['right']>> = {
  1: 'grantChange',
  2: 'restrictRead',
};
/** Webpage access control rule scopes by option value (1, all content, is the default and is not written). */
const RULE_SCOPE_OPTIONS: Readonly<Record<number, PageRuleInput['scope'] | undefined>> = {
  1: undefined,
  2: 'excludeDirectChildFiles',
};

/** The page tree and its rules, mapped from a site. */
export interface MappedPages {
  readonly pages: PageInput[];
  readonly pageRules: PageRuleInput[];
}

interface Node {
  readonly id: string;
  readonly parent: string | undefined;
  readonly kind: 'page' | 'webFile';
  readonly title: string | undefined;
  readonly entry: ReportedRecord;
}

/** Reads page and web file records: language content pages fold into their root page. */
function readNodes(
  records: readonly SiteRecord[],
  report: ReportBuilder,
): { nodes: Map<string, Node>; rootOf: Map<string, string> } {
  const nodes = new Map<string, Node>();
  const rootOf = new Map<string, string>();
  const raw: { record: SiteRecord; id: string; parent: string | undefined; kind: 'page' | 'webFile' }[] = [];
  for (const record of records) {
    const kind = record.kind === 'webFile' ? 'webFile' : 'page';
    const id = idOf(record, 'id') ?? idOf(record, kind === 'page' ? 'webpageid' : 'webfileid');
    const entry = { kind: record.kind, name: textOf(record, 'name') ?? id ?? '(unnamed)', file: record.file };
    const root = kind === 'page' ? idOf(record, 'rootwebpageid') : undefined;
    if (id === undefined || !nameSchema.safeParse(id).success)
      report.skip(entry, 'missing_id', 'the record has no usable id');
    else if (root !== undefined && root !== id) {
      rootOf.set(id, root);
      report.note(entry, `a language content page: it folds into its root page ${root}`);
    } else if (isInactive(record))
      report.skip(entry, 'inactive', 'the record is inactive (statecode 1); it is left out, so it is denied');
    else raw.push({ record, id, parent: idOf(record, 'parentpageid'), kind });
  }
  const fold = (id: string | undefined) => (id === undefined ? undefined : (rootOf.get(id) ?? id));
  // An id written twice leaves every copy out (denied) with its branch: which place in the tree, and so which
  // restrictions above it, counts would be a guess.
  const twice = new Set<string>();
  const why = (id: string) => `another page or web file has id ${id} too; both are left out (denied)`;
  for (const { record, id, parent, kind } of raw) {
    const entry = { kind: record.kind, name: textOf(record, 'name') ?? id, file: record.file };
    const first = nodes.get(id);
    if (first !== undefined || twice.has(id)) {
      if (first !== undefined) report.skip(first.entry, 'duplicate_id', why(id));
      report.skip(entry, 'duplicate_id', why(id));
      nodes.delete(id);
      twice.add(id);
    } else nodes.set(id, { id, parent: fold(parent), kind, title: textOf(record, 'name'), entry });
  }
  return { nodes, rootOf };
}

/** Ids of the nodes whose ancestry is broken (unknown parent, cycle, a web file as parent), with their branches. */
function brokenNodes(nodes: ReadonlyMap<string, Node>, report: ReportBuilder): Set<string> {
  const broken = new Set<string>();
  const good = new Set<string>();
  for (const node of nodes.values()) {
    const path: Node[] = [];
    let at: Node | undefined = node;
    let problem: string | undefined;
    while (at !== undefined && !good.has(at.id) && !broken.has(at.id)) {
      if (path.includes(at)) {
        problem = 'its parent pages form a cycle';
        break;
      }
      path.push(at);
      if (at.parent === undefined) break;
      const parent = nodes.get(at.parent);
      if (parent === undefined) problem = `its parent page ${at.parent} is not in the site`;
      else if (parent.kind === 'webFile') problem = `its parent ${at.parent} is a web file`;
      if (problem !== undefined) break;
      at = parent;
    }
    const fails = problem !== undefined || (at !== undefined && broken.has(at.id));
    for (const step of path) {
      if (!fails) good.add(step.id);
      else if (!broken.has(step.id)) {
        broken.add(step.id);
        // A page cut from its branch would lose the rules above it: leave it out, so it is denied.
        report.skip(
          step.entry,
          'no_page',
          `${problem ?? 'a page above it was left out'}; it is left out (denied) rather than losing the rules above it`,
        );
      }
    }
  }
  return broken;
}

/**
 * Maps the page tree and its rules. Whatever cannot be mapped is left out so that it is denied: a page whose
 * ancestry is broken, and the branch of a restrict-read rule that cannot be read (no role, unknown right).
 */
export function mapPages(
  records: readonly SiteRecord[],
  ruleRecords: readonly SiteRecord[],
  roleNames: ReadonlyMap<string, string>,
  anonymous: string | undefined,
  report: ReportBuilder,
): MappedPages {
  const { nodes, rootOf } = readNodes(records, report);
  const broken = brokenNodes(nodes, report);
  const closed = new Set<string>();
  const pageRules: PageRuleInput[] = [];
  const names = new Set<string>();
  for (const record of ruleRecords) {
    const id = idOf(record, 'id') ?? idOf(record, 'webpageaccesscontrolruleid');
    const written = textOf(record, 'name') ?? id;
    const entry = { kind: 'pageRule' as const, name: written ?? '(unnamed)', file: record.file };
    const pageId = idOf(record, 'webpageid');
    const page = pageId === undefined ? undefined : (rootOf.get(pageId) ?? pageId);
    const node = page === undefined ? undefined : nodes.get(page);
    const rightOption = optionOf(record, 'right');
    const right = rightOption === undefined ? undefined : RIGHT_OPTIONS[rightOption];
    const scopeOption = optionOf(record, 'scope') ?? 1;
    const roles = [
      ...new Set(
        idsOf(record, 'webpageaccesscontrolrule_webrole').flatMap((roleId) =>
          roleNames.has(roleId) ? [roleNames.get(roleId)!] : [],
        ),
      ),
    ];
    const usable = roles.filter((role) => role !== anonymous);
    if (isInactive(record)) {
      report.skip(entry, 'inactive', 'the rule is inactive (statecode 1); the engine ignores it');
      continue;
    }
    if (node === undefined || node.kind !== 'page' || broken.has(node.id)) {
      report.skip(entry, 'no_page', `its page ${pageId ?? '(none)'} is not a web page of the site`);
      continue;
    }
    const problem =
      right === undefined
        ? ([
            'unknown_right',
            `right ${rightOption ?? '(none)'} is neither 1 (grant change) nor 2 (restrict read)`,
          ] as const)
        : !Object.hasOwn(RULE_SCOPE_OPTIONS, scopeOption)
          ? ([
              'unknown_scope',
              `scope ${scopeOption} is neither 1 (all content) nor 2 (exclude direct child files)`,
            ] as const)
          : written === undefined || !nameSchema.safeParse(written).success
            ? (['missing_name', 'the rule has no usable name'] as const)
            : usable.length === 0
              ? ([
                  'no_roles',
                  'it lists no mapped web role (the Anonymous users role cannot be listed)',
                ] as const)
              : undefined;
    if (problem !== undefined) {
      // Dropping a restriction would open its branch: close the branch instead (a grant change only narrows).
      const mayRestrict = right !== 'grantChange';
      if (mayRestrict) closed.add(node.id);
      report.skip(
        entry,
        problem[0],
        `${problem[1]}${mayRestrict ? `; page ${node.id} and its branch are left out, so they are denied` : ''}`,
      );
      continue;
    }
    if (usable.length < roles.length)
      report.note(entry, `the Anonymous users role "${anonymous}" is dropped: a page rule cannot list it`);
    const name = names.has(written!) ? `${written} [${id ?? pageRules.length}]` : written!;
    if (name !== written)
      report.note(entry, `another rule is already called "${written}"; this one is named "${name}"`);
    names.add(name);
    const scope = RULE_SCOPE_OPTIONS[scopeOption];
    pageRules.push({
      name,
      page: node.id,
      right: right!,
      webRoles: usable,
      ...(scope === undefined ? {} : { scope }),
    });
    report.map(entry);
  }
  const isClosed = (node: Node): boolean => {
    for (
      let at: Node | undefined = node, steps = 0;
      at !== undefined && steps <= nodes.size;
      at = at.parent === undefined ? undefined : nodes.get(at.parent), steps++
    )
      if (closed.has(at.id)) return true;
    return false;
  };
  const pages: PageInput[] = [];
  for (const node of nodes.values()) {
    if (broken.has(node.id)) continue;
    if (isClosed(node)) {
      report.skip(
        node.entry,
        'no_page',
        'a restrict-read rule above it could not be mapped, so it is left out (denied)',
      );
      continue;
    }
    pages.push({
      id: node.id,
      ...(node.parent === undefined ? {} : { parent: node.parent }),
      ...(node.title === undefined ? {} : { title: node.title }),
      ...(node.kind === 'webFile' ? { kind: 'webFile' as const } : {}),
    });
    report.map(node.entry);
  }
  const kept = new Set(pages.map((page) => page.id));
  return { pages, pageRules: pageRules.filter((rule) => kept.has(rule.page)) };
}
