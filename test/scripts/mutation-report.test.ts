import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import areas from '../../scripts/mutation-areas.json' with { type: 'json' };
import {
  DOCS_PATH,
  readSummary,
  renderMutationTable,
  scoreReport,
  tableIn,
} from '../../scripts/mutation-report.js';

const stamp = { date: '2026-12-06', commit: 'abc1234567', equivalent: 1 };

/** A report whose mutants ended as listed, spread over two files. */
const report = (a: readonly string[], b: readonly string[]) => ({
  files: {
    'src/b.ts': { mutants: b.map((status) => ({ status })) },
    'src/a.ts': { mutants: a.map((status) => ({ status })) },
  },
});

describe('the mutation score of an area', () => {
  it('counts killed and timed-out mutants as detected, survivors and uncovered ones as missed', () => {
    const score = scoreReport(
      'scopes',
      report(['Killed', 'Killed', 'Timeout'], ['Survived', 'NoCoverage', 'Killed']),
      stamp,
    );
    expect(score).toEqual({
      area: 'scopes',
      files: ['src/a.ts', 'src/b.ts'],
      killed: 3,
      survived: 1,
      timeout: 1,
      noCoverage: 1,
      score: 66.67,
      equivalent: 1,
      date: '2026-12-06',
      commit: 'abc1234567',
    });
  });

  it('leaves mutants that did not compile or were ignored out of the score', () => {
    const score = scoreReport('scopes', report(['Killed', 'CompileError'], ['Ignored', 'Survived']), stamp);
    expect([score.killed, score.survived, score.score]).toEqual([1, 1, 50]);
  });

  it('marks a run with untested mutants as partial', () => {
    expect(scoreReport('scopes', report(['Killed'], ['Pending']), stamp).partial).toBe(true);
    expect(scoreReport('scopes', report(['Killed'], []), stamp)).not.toHaveProperty('partial');
  });
});

describe('the kept summary', () => {
  it('names only areas that scripts/mutation-areas.json defines', () => {
    for (const { area } of readSummary()) expect(Object.keys(areas)).toContain(area);
  });

  it('is the table docs/testing.md shows under "Mutation scores" (npm run mutate:report -- record <area> rewrites both)', () => {
    expect(tableIn(readFileSync(DOCS_PATH, 'utf8'))).toBe(renderMutationTable(readSummary()));
  });
});
