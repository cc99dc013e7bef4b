import { describe, expect, it } from 'vitest';
import { MAX_EMBEDDED_DEPTH } from '../../src/ability/permitted-columns.js';
import { abilityFor, definePolicy, permittedColumns, pickPermitted, subject } from '../../src/index.js';
import { contacts, pricedPortal } from '../fixtures/column-security.js';

// Projects hide their budget from contacts; tasks and subtasks embed their parents under the parent table's
// name (D15). Workers reach tasks assigned to them without reaching the project; folders nest in folders.
function setup() {
  const policy = definePolicy({
    tables: {
      project: { contact: 'ownerContact' },
      task: { contact: 'assignee', parent: { project: 'projectId' } },
      subtask: { parent: { task: 'taskId' } },
      folder: { parent: { folder: 'parentId' } },
    },
    webRoles: [{ name: 'Owner' }, { name: 'Worker' }],
    tablePermissions: [
      { name: 'My projects', table: 'project', scope: 'contact', privileges: ['read'], webRoles: ['Owner'] },
      {
        name: 'Project tasks',
        table: 'task',
        scope: 'parent',
        parent: 'My projects',
        privileges: ['read'],
        webRoles: ['Owner'],
      },
      {
        name: 'Task subtasks',
        table: 'subtask',
        scope: 'parent',
        parent: 'Project tasks',
        privileges: ['read'],
        webRoles: ['Owner'],
      },
      { name: 'My tasks', table: 'task', scope: 'contact', privileges: ['read'], webRoles: ['Worker'] },
      { name: 'Folders', table: 'folder', scope: 'global', privileges: ['read'], webRoles: ['Owner'] },
    ],
    columnPermissions: [
      {
        name: 'Projects without budgets',
        table: 'project',
        webRoles: ['Owner'],
        allColumns: ['read'],
        columns: { budget: [] },
      },
    ],
  });
  const jane = abilityFor(policy, { kind: 'contact', id: 'jane', webRoles: ['Owner'] });
  const walt = abilityFor(policy, { kind: 'contact', id: 'walt', webRoles: ['Worker'] });
  const project = { id: 'P1', ownerContact: 'jane', name: 'Roof', budget: 1000 };
  const task = { id: 'T1', projectId: 'P1', assignee: 'walt', title: 'Tiles', project };
  return { jane, walt, project, task };
}

describe('pickPermitted never gives a response a prototype from data', () => {
  it('an own "__proto__" key parsed from JSON is not copied and sets no prototype', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const note = JSON.parse('{"id":"N-1","author":"jane","__proto__":{"body":"secret","isAdmin":true}}');
    const copy = pickPermitted(jane, 'read', subject('note', note)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(false);
    const listed: string[] = [];
    for (const key in copy) listed.push(key);
    expect(listed).toEqual(['id', 'author']);
    expect(copy.isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('a denied column smuggled under "__proto__" does not reach the response', () => {
    const { jane } = setup();
    const project = JSON.parse('{"id":"P1","ownerContact":"jane","__proto__":{"budget":1000}}');
    const copy = pickPermitted(jane, 'read', subject('project', project)) as Record<string, unknown>;
    expect(copy).toEqual({ id: 'P1', ownerContact: 'jane' });
    expect(copy.budget).toBeUndefined();
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('"constructor" and "prototype" keys are never columns, neither copied nor listed', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const note = JSON.parse('{"id":"N-1","author":"jane","constructor":{"name":"x"},"prototype":1}');
    expect(pickPermitted(jane, 'read', subject('note', note))).toEqual({ id: 'N-1', author: 'jane' });
    const withProto = JSON.parse('{"id":"N-1","author":"jane","__proto__":{},"constructor":1}');
    expect(permittedColumns(jane, 'read', 'note', withProto)).toEqual(['id', 'author']);
  });
});

describe('pickPermitted filters embedded parent rows by their own table', () => {
  it("an embedded project keeps the project's column rules: no budget in a task", () => {
    const { jane, task } = setup();
    expect(pickPermitted(jane, 'read', subject('task', task))).toEqual({
      id: 'T1',
      projectId: 'P1',
      assignee: 'walt',
      title: 'Tiles',
      project: { id: 'P1', ownerContact: 'jane', name: 'Roof' },
    });
  });

  it('a parent two levels up is filtered too', () => {
    const { jane, task } = setup();
    const copy = pickPermitted(jane, 'read', subject('subtask', { id: 'S1', taskId: 'T1', task }));
    expect(copy).toEqual({
      id: 'S1',
      taskId: 'T1',
      task: { ...task, project: { id: 'P1', ownerContact: 'jane', name: 'Roof' } },
    });
  });

  it('an embedded parent the principal cannot read is left out', () => {
    const { walt, task } = setup();
    const copy = pickPermitted(walt, 'read', subject('task', task));
    expect(copy).toEqual({ id: 'T1', projectId: 'P1', assignee: 'walt', title: 'Tiles' });
  });

  it('an embedded parent that is no row (a string, a list) is left out', () => {
    const { walt, project } = setup();
    const own = { id: 'T1', projectId: 'P1', assignee: 'walt' };
    expect(pickPermitted(walt, 'read', subject('task', { ...own, project: 'P1' }))).toEqual(own);
    expect(pickPermitted(walt, 'read', subject('task', { ...own, project: [project] }))).toEqual(own);
  });

  it('an embedded "__proto__" is never copied, at any depth', () => {
    const { jane } = setup();
    const task = JSON.parse(
      '{"id":"T1","projectId":"P1","project":{"id":"P1","ownerContact":"jane","__proto__":{"budget":1}}}',
    );
    const copy = pickPermitted(jane, 'read', subject('task', task)) as { project: Record<string, unknown> };
    expect(Object.getPrototypeOf(copy.project)).toBe(Object.prototype);
    expect(Object.hasOwn(copy.project, '__proto__')).toBe(false);
    expect(copy.project.budget).toBeUndefined();
  });

  it(`embedded rows are copied ${MAX_EMBEDDED_DEPTH} levels deep, deeper ones and cycles are left out`, () => {
    const { jane } = setup();
    let folder: Record<string, unknown> = { id: 'F0' };
    for (let level = 1; level <= MAX_EMBEDDED_DEPTH + 3; level++) {
      folder = { id: `F${level}`, parentId: folder.id, folder };
    }
    let copy = pickPermitted(jane, 'read', subject('folder', folder)) as Record<string, unknown>;
    let depth = 0;
    while (copy.folder !== undefined) {
      copy = copy.folder as Record<string, unknown>;
      depth++;
    }
    expect(depth).toBe(MAX_EMBEDDED_DEPTH);
    const loop: Record<string, unknown> = { id: 'L', parentId: 'L' };
    loop.folder = loop;
    expect(() => JSON.stringify(pickPermitted(jane, 'read', subject('folder', loop)))).not.toThrow();
  });

  it('permittedColumns never lists an embedded parent row as a column', () => {
    const { jane, walt, task } = setup();
    expect(permittedColumns(jane, 'read', 'task', task)).toEqual(['id', 'projectId', 'assignee', 'title']);
    expect(permittedColumns(walt, 'read', 'task', task)).not.toContain('project');
  });
});
