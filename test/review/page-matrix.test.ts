import { describe, expect, it } from 'vitest';
import { matrixToMarkdown } from '../../src/index.js';
import { pageAccessMatrix } from '../../src/review/page-matrix.js';
import { sitePolicy } from '../fixtures/pages.js';

describe('the page access matrix', () => {
  it('shows which principal may view and change each page, and renders like any matrix', () => {
    const matrix = pageAccessMatrix(sitePolicy, {
      visitor: { kind: 'anonymous' },
      jane: { kind: 'contact', id: 'jane', webRoles: ['Authorized user'] },
      admin: { kind: 'contact', id: 'root', webRoles: ['Administrator'] },
      typo: { kind: 'contact', id: 't', webRoles: ['Administrater'] },
    });
    expect(matrix.problems.map((problem) => problem.principal)).toEqual(['typo']);
    expect(matrixToMarkdown(matrix)).toMatchInlineSnapshot(`
      "| Record | visitor | jane | admin | typo |
      | --- | --- | --- | --- | --- |
      | home | view | view | view, change | ✘ |
      | products | view | view | view, change | ✘ |
      | account | ✘ | view | view, change | ✘ |
      | orders | ✘ | view | view, change | ✘ |
      | order-detail | ✘ | view | view, change | ✘ |
      | brochure | view | view | view, change | ✘ |
      | admin | ✘ | ✘ | view, change | ✘ |
      | admin-style | ✘ | ✘ | view, change | ✘ |
      | admin-style-map | ✘ | ✘ | view, change | ✘ |
      | news | view | view | view, change | ✘ |
      "
    `);
  });

  it('checks only the actions asked for', () => {
    const matrix = pageAccessMatrix(sitePolicy, { visitor: { kind: 'anonymous' } }, { actions: ['view'] });
    expect(matrix.actions).toEqual(['view']);
    expect(matrix.rows.find((row) => row.record === 'home')!.cells[0]!.allowed).toEqual(['view']);
  });
});
