import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subject } from '../../src/index.js';
import { accessMatrix } from '../../src/review/access-matrix.js';
import { escapeMarkdown } from '../../src/review/escape-markdown.js';
import { matrixToHtml } from '../../src/review/matrix-html.js';
import { matrixToMarkdown } from '../../src/review/matrix-markdown.js';
import { customerPortal, orders, people } from '../fixtures/customer-portal.js';
import { propertyRuns } from '../fixtures/property-runs.js';

// Characters that open inline markup; each must come out preceded by a backslash (an odd run of them).
const OPENERS = ['[', ']', '(', ')', '!', '`', '*', '_', '~', '#', '$', '^', ':', '@', '.', '|'];

function unescaped(text: string, character: string): boolean {
  for (let index = text.indexOf(character); index !== -1; index = text.indexOf(character, index + 1)) {
    let slashes = 0;
    while (text[index - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) return true;
  }
  return false;
}

describe('Markdown labels are inert (labels never become live markup)', () => {
  it('a label cannot make a link, an image, an autolink, code or emphasis', () => {
    expect(escapeMarkdown('[x](https://evil.example)')).toBe('\\[x\\]\\(https\\://evil\\.example\\)');
    expect(escapeMarkdown('![](https://evil.example/p.png)')).toBe(
      '\\!\\[\\]\\(https\\://evil\\.example/p\\.png\\)',
    );
    expect(escapeMarkdown('<https://x> www.x.com a@b.co')).toBe(
      '&lt;https\\://x&gt; www\\.x\\.com a\\@b\\.co',
    );
    expect(escapeMarkdown('`code` *em* _em_ ~~del~~ $x$ [^1]')).toBe(
      '\\`code\\` \\*em\\* \\_em\\_ \\~\\~del\\~\\~ \\$x\\$ \\[\\^1\\]',
    );
  });

  it('no markup opener, angle bracket or line break survives unescaped, whatever the label', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...OPENERS, '\\', '<', '>', '\n', '\r', 'a', ' ') }),
        (label) => {
          const escaped = escapeMarkdown(label);
          for (const character of OPENERS) expect(unescaped(escaped, character)).toBe(false);
          expect(escaped).not.toMatch(/[<>\r\n]/);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('the Markdown and HTML matrices show a hostile principal and record label as text', () => {
    const label = '![](https://evil.example/p.png)[x](https://evil.example)<img src=x onerror=alert(1)>"\'';
    const matrix = accessMatrix(
      customerPortal,
      { [label]: people.jane },
      {
        [label]: subject('salesorder', { ...orders.janes }),
      },
    );
    const markdown = matrixToMarkdown(matrix);
    expect(markdown).not.toContain('](');
    expect(markdown).not.toContain('![');
    const html = matrixToHtml(matrix, { title: label });
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/="[^"]*"[^>\s]/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;');
  });
});
