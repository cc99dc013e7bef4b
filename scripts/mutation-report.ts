/**
 * The mutation scores kept in the repository (reports/mutation/summary.json), one row per area of
 * scripts/mutation-areas.json. `npm run mutate:report` prints the table; after `MUTATE_AREA=<area> npm run
 * mutate`, `npm run mutate:report -- record <area> [equivalent survivors] [commit measured]` folds that run's JSON report into
 * the summary and rewrites docs/testing.md's "Mutation scores" table, which
 * test/scripts/mutation-report.test.ts holds equal to the summary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import areas from './mutation-areas.json' with { type: 'json' };

/** One area's result: what was mutated, how each mutant ended, and when and on which commit. */
export interface AreaScore {
  readonly area: string;
  readonly files: readonly string[];
  readonly killed: number;
  readonly survived: number;
  readonly timeout: number;
  readonly noCoverage: number;
  /** Killed and timed-out mutants over every mutant that ran or lacked coverage, in percent, two decimals. */
  readonly score: number;
  /** Survivors listed in docs/testing.md as equivalent, with the reason for each. */
  readonly equivalent: number;
  readonly date: string;
  readonly commit: string;
  /** Set when the run was stopped before every mutant was tested: the counts are the mutants tested so far. */
  readonly partial?: true;
}

/** The subset of Stryker's JSON report (mutation-testing-report-schema) read here. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly { readonly status: string }[] }>>;
}

/** The kept summary. */
export const SUMMARY_PATH = fileURLToPath(new URL('../reports/mutation/summary.json', import.meta.url));

/** The page whose "Mutation scores" table shows the summary, between two marker comments. */
export const DOCS_PATH = fileURLToPath(new URL('../docs/testing.md', import.meta.url));
const TABLE = /(<!-- mutation-summary:start -->\n)[\s\S]*?(<!-- mutation-summary:end -->)/;

/** The table between the markers of `docs`, or `undefined` when the markers are missing. */
export function tableIn(docs: string): string | undefined {
  return TABLE.exec(docs)?.[0].split('\n').slice(1, -1).join('\n');
}

/** Where a run of one area writes its full JSON report (stryker.config.mjs). */
export const reportPath = (area: string): string =>
  fileURLToPath(new URL(`../reports/mutation/${area}.json`, import.meta.url));

/** Counts one report's mutants by how they ended; compile errors and ignored mutants are not scored. */
export function scoreReport(
  area: string,
  report: MutationReport,
  stamp: { readonly date: string; readonly commit: string; readonly equivalent?: number },
): AreaScore {
  const count = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, Pending: 0 };
  for (const file of Object.values(report.files)) {
    for (const { status } of file.mutants) if (status in count) count[status as keyof typeof count] += 1;
  }
  const scored = count.Killed + count.Timeout + count.Survived + count.NoCoverage;
  const detected = count.Killed + count.Timeout;
  return {
    area,
    files: Object.keys(report.files).sort(),
    killed: count.Killed,
    survived: count.Survived,
    timeout: count.Timeout,
    noCoverage: count.NoCoverage,
    score: scored === 0 ? 0 : Math.round((detected / scored) * 10_000) / 100,
    equivalent: stamp.equivalent ?? 0,
    date: stamp.date,
    commit: stamp.commit,
    ...(count.Pending > 0 ? { partial: true as const } : {}),
  };
}

/** The Markdown table docs/testing.md shows: one row per area, in the summary's order. */
export function renderMutationTable(scores: readonly AreaScore[]): string {
  const rows = scores.map((s) =>
    [
      s.area,
      s.files.map((file) => file.replace(/^src\//, '')).join(', '),
      s.killed,
      s.survived,
      s.timeout,
      s.noCoverage,
      s.equivalent,
      `**${s.score.toFixed(2)}%**${s.partial ? ' (partial)' : ''}`,
      s.date,
      `\`${s.commit}\``,
    ].join(' | '),
  );
  return [
    '| area | files | killed | survived | timeout | no coverage | equivalent | score | date | commit |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

/** The kept summary, as written by `record`. */
export function readSummary(): AreaScore[] {
  return JSON.parse(readFileSync(SUMMARY_PATH, 'utf8')) as AreaScore[];
}

/** `commit` is the one the run measured (HEAD when it started); HEAD by default. */
function record(area: string, equivalent: number, measured: string | undefined): void {
  const report = JSON.parse(readFileSync(reportPath(area), 'utf8')) as MutationReport;
  const commit = execFileSync('git', ['rev-parse', '--short=10', measured ?? 'HEAD'], {
    encoding: 'utf8',
  }).trim();
  const score = scoreReport(area, report, {
    date: new Date().toISOString().slice(0, 10),
    commit,
    equivalent,
  });
  const order = Object.keys(areas);
  const scores = [...readSummary().filter((s) => s.area !== area), score].sort(
    (a, b) => order.indexOf(a.area) - order.indexOf(b.area),
  );
  writeFileSync(SUMMARY_PATH, `${JSON.stringify(scores, null, 2)}\n`);
  const docs = readFileSync(DOCS_PATH, 'utf8');
  writeFileSync(
    DOCS_PATH,
    docs.replace(TABLE, (_, start: string, end: string) => `${start}${renderMutationTable(scores)}\n${end}`),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, area, equivalent, commit] = process.argv.slice(2);
  if (command === 'record' && area !== undefined) record(area, Number(equivalent ?? 0), commit);
  console.log(renderMutationTable(readSummary()));
}
