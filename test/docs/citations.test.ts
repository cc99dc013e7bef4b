import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CITING = ['src', 'test', 'docs', 'examples', 'bench', 'README.md'];

function filesUnder(path: string): string[] {
  const absolute = join(root, path);
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(absolute);
  } catch {
    return [];
  }
  if (!stats.isDirectory()) return /\.(ts|md|json)$/.test(path) ? [path] : [];
  return readdirSync(absolute).flatMap((name) => filesUnder(join(path, name)));
}

/** The tags a text cites: D7, SPEC 2.3 (also "SPEC sections 0 and 1"), RELIABILITY 2, 4, 6, R-SCM-4..6. */
function citedTags(text: string): string[] {
  const tags: string[] = [];
  for (const [, n] of text.matchAll(/\bD(\d+)\b/g)) tags.push(`D${n}`);
  for (const [, list] of text.matchAll(
    /\bSPEC (?:sections? )?(\d+(?:\.\d+)*(?:(?:, | and )\d+(?:\.\d+)*)*)/g,
  )) {
    for (const section of list!.split(/, | and /)) tags.push(`SPEC ${section}`);
  }
  for (const [, list] of text.matchAll(/\bRELIABILITY (\d+(?:, \d+)*)/g)) {
    for (const item of list!.split(', ')) tags.push(`RELIABILITY ${item}`);
  }
  for (const [, first, last] of text.matchAll(/\bR-SCM-(\d+)(?:\.\.(\d+))?/g)) {
    for (let n = Number(first); n <= Number(last ?? first); n++) tags.push(`R-SCM-${n}`);
  }
  return tags;
}

/** The tags docs/decisions.md defines: the first cell of a table row. */
function definedTags(): Set<string> {
  const decisions = readFileSync(join(root, 'docs/decisions.md'), 'utf8');
  const rows = decisions.matchAll(/^\| (D\d+|SPEC \d+(?:\.\d+)*|RELIABILITY \d+|R-SCM-\d+) \|/gm);
  return new Set([...rows].map(([, tag]) => tag!));
}

/** The number of tags of each kind (D, SPEC, R-SCM, RELIABILITY) that docs/decisions.md defines. */
function definedCounts(): Record<string, number> {
  const counts: Record<string, number> = { D: 0, SPEC: 0, 'R-SCM': 0, RELIABILITY: 0 };
  for (const tag of definedTags()) counts[tag.replace(/[-\s]?[\d.]+$/, '')]! += 1;
  return counts;
}

describe('citations', () => {
  it('the header of docs/decisions.md counts every tag the file defines', () => {
    const header = readFileSync(join(root, 'docs/decisions.md'), 'utf8').split('\n## ')[0]!;
    const counts = definedCounts();
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(counts.D).toBeGreaterThan(0);
    expect(header).toContain(`defines ${total} tags`);
    expect(header).toContain(`${counts.D} decisions (D1–D${counts.D})`);
    expect(header).toContain(`${counts.SPEC} specification`);
    expect(header).toContain(`${counts['R-SCM']} scenario requirements`);
    expect(header).toContain(`${counts.RELIABILITY} reliability cases`);
  });

  it('reads every form a citation takes in the code', () => {
    expect(citedTags('D6 and SPEC 2.3 (RELIABILITY 2, 4, 6); SPEC sections 0 and 1; R-SCM-4..6')).toEqual([
      'D6',
      'SPEC 2.3',
      'SPEC 0',
      'SPEC 1',
      'RELIABILITY 2',
      'RELIABILITY 4',
      'RELIABILITY 6',
      'R-SCM-4',
      'R-SCM-5',
      'R-SCM-6',
    ]);
  });

  it('docs/decisions.md defines the project decisions D1 to D18', () => {
    const defined = definedTags();
    for (let n = 1; n <= 18; n++) expect(defined, `D${n}`).toContain(`D${n}`);
  });

  it('every decision, SPEC section and RELIABILITY case cited in the repository is defined in docs/decisions.md', () => {
    const defined = definedTags();
    const undefinedCitations = CITING.flatMap(filesUnder).flatMap((file) => {
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      return lines.flatMap((line, index) =>
        citedTags(line)
          .filter((tag) => !defined.has(tag))
          .map((tag) => `${relative(root, join(root, file))}:${index + 1} cites ${tag}`),
      );
    });
    expect(undefinedCitations).toEqual([]);
  });
});
