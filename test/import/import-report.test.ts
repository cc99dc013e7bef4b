import { describe, expect, it } from 'vitest';
import { formatImportReport, ReportBuilder } from '../../src/import/import-report.js';

describe('the import report', () => {
  it('lists relationships once per name and table, sorted by name then table', () => {
    const report = new ReportBuilder();
    const at = (name: string, table: string, column: string) =>
      report.resolved({ name, table, column, origin: 'standard' });
    at('b', 'order', 'x');
    at('a', 'quote', 'y');
    at('a', 'order', 'z');
    at('a', 'order', 'z2');
    expect(
      report.build([], 0, []).relationships.map(({ name, table, column }) => `${name} ${table} ${column}`),
    ).toEqual(['a order z2', 'a quote y', 'b order x']);
  });

  it('reads as one line per record left out, note, skipped file and relationship', () => {
    const report = new ReportBuilder();
    report.map({ kind: 'webRole', name: 'Staff', file: 'a.webrole.yml' });
    report.skip({ kind: 'webRole', name: 'Gone', file: 'b.webrole.yml' }, 'inactive', 'it is inactive');
    report.note({ kind: 'tablePermission', name: 'Orders', file: 'c.yml' }, 'roles taken from its chain');
    report.resolved({ name: 'rel', table: 'order', column: 'contactid', origin: 'solution' });
    const built = report.build(['enhanced', 'standard'], 3, [{ file: 'd.yml', reason: 'no record' }]);
    expect(formatImportReport(built)).toBe(
      [
        'read 3 records (enhanced, standard): 1 mapped, 1 left out',
        'left out webRole "Gone" (b.webrole.yml): it is inactive [inactive]',
        'note: tablePermission "Orders" (c.yml): roles taken from its chain',
        'skipped file d.yml: no record',
        'relationship rel -> order.contactid (solution)',
        '',
      ].join('\n'),
    );
    expect(formatImportReport(new ReportBuilder().build([], 0, []))).toBe(
      'read 0 records (no site form found): 0 mapped, 0 left out\n',
    );
  });

  it('sorts relationships by name, then table, whatever order they were resolved in', () => {
    const entries = ['c t1', 'a t2', 'b t1', 'a t1', 'c t0', 'b t3', 'a t3', 'b t2'];
    for (const order of [entries, [...entries].reverse()]) {
      const report = new ReportBuilder();
      for (const entry of order) {
        const [name, table] = entry.split(' ') as [string, string];
        report.resolved({ name, table, column: 'x', origin: 'option' });
      }
      expect(report.build([], 0, []).relationships.map(({ name, table }) => `${name} ${table}`)).toEqual([
        'a t1',
        'a t2',
        'a t3',
        'b t1',
        'b t2',
        'b t3',
        'c t0',
        'c t1',
      ]);
    }
  });
});
