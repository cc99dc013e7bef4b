import { describe, expect, it } from 'vitest';
import {
  accessMatrix,
  matrixToCsv,
  matrixToHtml,
  matrixToMarkdown,
  type Principal,
  subject,
} from '../../src/index.js';
import { customerPortal, order, orders, people, visibility } from '../fixtures/customer-portal.js';

type Persona = keyof typeof people;
type OrderKey = keyof typeof orders;

const orderRecords = Object.fromEntries((Object.keys(orders) as OrderKey[]).map((key) => [key, order(key)]));

function setup(actions: readonly ('read' | 'write' | 'create' | 'delete')[] = ['read']) {
  return accessMatrix(customerPortal, people, orderRecords, { actions });
}

describe('the access matrix of the Customer portal', () => {
  it('lets each persona read exactly the orders of the documented visibility table', () => {
    const matrix = setup();
    for (const persona of Object.keys(people) as Persona[]) {
      const readable = matrix.rows.filter((row) =>
        row.cells.find((cell) => cell.principal === persona)?.allowed.includes('read'),
      );
      expect(readable.map((row) => row.record)).toEqual(visibility[persona]);
    }
  });

  it('renders as the table of SPEC R-SCM-5', () => {
    const documented = {
      Admin: people.admin,
      'CustRep(X)': people.rep,
      'Jane (Auth, X)': people.jane,
      'Sam (Auth, X)': people.sam,
      'May (Unauth, Y)': people.may,
    } satisfies Record<string, Principal>;
    const rows = {
      'Customer X, orderer Jane': order('janes'),
      'Customer X, orderer Sam': order('sams'),
      'Customer Y, orderer May': order('mays'),
    };
    const markdown = matrixToMarkdown(accessMatrix(customerPortal, documented, rows), {
      recordHeader: 'Order',
    });
    expect(markdown).toBe(
      [
        // Parentheses are escaped (they could close a link); the table renders exactly as in the spec.
        '| Order | Admin | CustRep\\(X\\) | Jane \\(Auth, X\\) | Sam \\(Auth, X\\) | May \\(Unauth, Y\\) |',
        '| --- | --- | --- | --- | --- | --- |',
        '| Customer X, orderer Jane | ✔ | ✔ | ✔ | ✘ | ✘ |',
        '| Customer X, orderer Sam | ✔ | ✔ | ✘ | ✔ | ✘ |',
        '| Customer Y, orderer May | ✔ | ✘ | ✘ | ✘ | ✘ |',
        '',
      ].join('\n'),
    );
  });

  it('lists every allowed action when several are checked', () => {
    const matrix = setup(['read', 'write', 'create']);
    const janes = matrix.rows.find((row) => row.record === 'janes')!;
    expect(Object.fromEntries(janes.cells.map((cell) => [cell.principal, cell.allowed]))).toEqual({
      admin: ['read', 'write', 'create'],
      rep: ['read'],
      jane: ['read', 'create'],
      sam: [],
      may: [],
      visitor: [],
    });
    expect(matrixToMarkdown(matrix)).toContain(
      '| janes | read, write, create | read | read, create | ✘ | ✘ | ✘ |',
    );
  });

  it('shows a principal the policy refuses with no access, and says why', () => {
    const matrix = accessMatrix(
      customerPortal,
      { typo: { kind: 'contact', id: 't', webRoles: ['Administrater'] } },
      orderRecords,
    );
    expect(matrix.rows.every((row) => row.cells[0]?.allowed.length === 0)).toBe(true);
    expect(matrix.problems).toEqual([
      {
        principal: 'typo',
        code: 'invalid_principal',
        message: expect.stringContaining('did you mean "Administrator"?'),
      },
    ]);
  });
});

describe('rendering a matrix safely', () => {
  const hostile = accessMatrix(
    customerPortal,
    { '=HYPERLINK("http://x")': people.admin, '<script>alert(1)</script>': people.jane },
    { 'a|b,"c"\nd': subject('salesorder', { ...orders.janes }) },
  );

  it('quotes CSV fields per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(matrixToCsv(hostile)).toBe(
      'record,table,"\'=HYPERLINK(""http://x"")",<script>alert(1)</script>\r\n"a|b,""c""\nd",salesorder,read,read\r\n',
    );
  });

  it('escapes pipes, line breaks and markup in Markdown', () => {
    const markdown = matrixToMarkdown(hostile);
    expect(markdown).toContain('| a\\|b,"c" d | ✔ | ✔ |');
    expect(markdown).toContain('&lt;script&gt;');
  });

  it('escapes every label in a standalone HTML page that runs no script', () => {
    const html = matrixToHtml(hostile, { title: 'Orders & <people>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>Orders &amp; &lt;people&gt;</title>');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<th scope="row" title="salesorder">a|b,&quot;c&quot;\nd</th>');
  });
});
