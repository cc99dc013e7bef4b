import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  type PolicyInput,
  PolicyValidationError,
  subject,
} from '../../src/index.js';
import { manyToManyInput, manyToManyPortal, members } from '../fixtures/many-to-many.js';

type Tables = PolicyInput['tables'];
type Permissions = NonNullable<PolicyInput['tablePermissions']>;

const issuesOf = (input: PolicyInput) => {
  try {
    definePolicy(input);
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.issues;
    throw error;
  }
  throw new Error('the policy was accepted');
};

const withChanges = (tables: Partial<Tables>, tablePermissions?: Permissions): PolicyInput => ({
  ...manyToManyInput,
  tables: { ...manyToManyInput.tables, ...tables } as Tables,
  tablePermissions: tablePermissions ?? (manyToManyInput.tablePermissions as unknown as Permissions),
});

const project = (record: Record<string, unknown>) => subject('project', { projectid: 'P1', ...record });
const kase = (record: Record<string, unknown>) => subject('case', { id: 'C1', ...record });

describe('a contact-scoped permission through a many-to-many relationship', () => {
  const jane = abilityFor(manyToManyPortal, members.jane);

  it('a member reads a project whose member list names them among others', () => {
    expect(jane.can('read', project({ memberIds: ['sam', 'jane', 'may'] }))).toBe(true);
  });

  it('a member cannot read a project that lists only other contacts', () => {
    expect(jane.can('read', project({ memberIds: ['sam', 'may'] }))).toBe(false);
  });

  it.each([
    ['missing', {}],
    ['null', { memberIds: null }],
    ['empty', { memberIds: [] }],
    ['a string, not a list', { memberIds: 'jane' }],
    ['an object', { memberIds: { 0: 'jane', length: 1 } }],
    ['a list of a padded id', { memberIds: [' jane'] }],
    ['a list holding a nested list', { memberIds: [['jane']] }],
  ])('a member list that is %s never grants', (_, record) => {
    expect(jane.can('read', project(record))).toBe(false);
  });

  it('a hole in the member list never reads a polluted Array.prototype', () => {
    const holey: unknown[] = [];
    holey.length = 2;
    Object.defineProperty(Array.prototype, '0', { value: 'jane', configurable: true, writable: true });
    try {
      expect(jane.can('read', project({ memberIds: holey }))).toBe(false);
    } finally {
      delete (Array.prototype as unknown as Record<string, unknown>)['0'];
    }
  });

  it('the tasks of a project the member is linked to are readable through the child permission', () => {
    const linked = { projectid: 'P1', memberIds: ['jane'] };
    expect(jane.can('read', subject('task', { id: 'T1', projectId: 'P1', project: linked }))).toBe(true);
    const other = { projectid: 'P1', memberIds: ['sam'] };
    expect(jane.can('read', subject('task', { id: 'T1', projectId: 'P1', project: other }))).toBe(false);
  });

  it('a case shared with several contacts is readable by each of them only', () => {
    const shared = kase({ contactIds: ['jane', 'sam'] });
    expect(jane.can('read', shared)).toBe(true);
    expect(abilityFor(manyToManyPortal, { ...members.jane, id: 'sam' }).can('read', shared)).toBe(true);
    expect(abilityFor(manyToManyPortal, { ...members.jane, id: 'may' }).can('read', shared)).toBe(false);
  });
});

describe('an account-scoped permission through a many-to-many relationship', () => {
  const ray = abilityFor(manyToManyPortal, members.ray);

  it('a representative reads a case linked to their account in their legal entity', () => {
    expect(ray.can('read', kase({ accountNumbers: ['Y', 'X'], company: 'usmf' }))).toBe(true);
  });

  it('a case linked to their account number in another legal entity stays hidden (D4)', () => {
    expect(ray.can('read', kase({ accountNumbers: ['X'], company: 'demf' }))).toBe(false);
  });

  it('a contact without an account is linked to no case (D2)', () => {
    const { accountId: _, ...withoutAccount } = members.ray;
    const record = kase({ accountNumbers: ['X'], company: 'usmf' });
    expect(abilityFor(manyToManyPortal, withoutAccount).can('read', record)).toBe(false);
  });
});

describe('validating many-to-many relationships', () => {
  it('a permission naming a relationship close to a declared one is refused with a suggestion', () => {
    const permissions = [
      { ...manyToManyInput.tablePermissions[0], relationship: 'project_contacts' },
    ] as unknown as Permissions;
    const [issue] = issuesOf(withChanges({}, permissions));
    expect(issue).toMatchObject({
      code: 'unknown_relationship',
      path: ['tablePermissions', 0, 'relationship'],
    });
    expect(issue!.message).toContain('did you mean "project_contact"?');
  });

  it('an account scope through a relationship linking contacts is refused and says which scope fits', () => {
    const permissions = [
      {
        name: 'Wrong',
        table: 'case',
        scope: 'account',
        relationship: 'case_contact',
        privileges: ['read'],
        webRoles: ['Member'],
      },
    ] as unknown as Permissions;
    const [issue] = issuesOf(withChanges({}, permissions));
    expect(issue).toMatchObject({ code: 'missing_relationship', path: ['tablePermissions', 0, 'scope'] });
    expect(issue!.message).toContain('use scope "contact"');
  });

  it('a parent scope through a many-to-many relationship is refused, naming what to do instead', () => {
    const permissions = [
      manyToManyInput.tablePermissions[0],
      {
        name: 'Member profiles',
        table: 'contact',
        scope: 'parent',
        parent: 'My projects',
        relationship: 'project_members',
        privileges: ['read'],
        webRoles: ['Member'],
      },
    ] as unknown as Permissions;
    const tables = {
      contact: {
        key: 'contactid',
        parent: { project: 'projectId' },
        manyToMany: {
          project_members: {
            links: 'contact',
            field: 'projectIds',
            intersect: 'project_contact',
            recordColumn: 'contactid',
            relatedColumn: 'projectid',
          },
        },
      },
    } as unknown as Partial<Tables>;
    const [issue] = issuesOf(withChanges(tables, permissions));
    expect(issue).toMatchObject({ code: 'missing_relationship', path: ['tablePermissions', 1, 'scope'] });
    expect(issue!.message).toContain('not supported');
  });

  it('an unknown key in a relationship declaration is refused at its JSON path', () => {
    const tables = {
      project: {
        key: 'projectid',
        manyToMany: {
          project_contact: {
            links: 'contact',
            field: 'memberIds',
            intersect: 'project_contact',
            recordColumn: 'projectid',
            relatedColum: 'contactid',
          },
        },
      },
    } as unknown as Partial<Tables>;
    const paths = issuesOf(withChanges(tables)).map((issue) => issue.path.join('.'));
    expect(paths).toContain('tables.project.manyToMany.project_contact');
  });

  it('a related-id list on a field the table already uses for its contact is refused', () => {
    const tables = {
      project: {
        key: 'projectid',
        contact: 'owner',
        manyToMany: {
          project_contact: {
            links: 'contact',
            field: 'owner',
            intersect: 'project_contact',
            recordColumn: 'projectid',
            relatedColumn: 'contactid',
          },
        },
      },
    } as unknown as Partial<Tables>;
    const [issue] = issuesOf(withChanges(tables));
    expect(issue).toMatchObject({
      code: 'conflicting_field',
      path: ['tables', 'project', 'manyToMany', 'project_contact', 'field'],
    });
  });

  it('a list field missing from the declared fields is refused with a suggestion', () => {
    const tables = {
      project: {
        key: 'projectid',
        fields: ['projectid', 'memberIdz'],
        manyToMany: manyToManyInput.tables.project.manyToMany,
      },
    } as unknown as Partial<Tables>;
    const issues = issuesOf(withChanges(tables));
    expect(issues[0]).toMatchObject({
      code: 'unknown_field',
      path: ['tables', 'project', 'manyToMany', 'project_contact', 'field'],
    });
    expect(issues[0]!.message).toContain('did you mean "memberIdz"?');
  });

  it('a table may name a many-to-many relationship as its default contact relationship', () => {
    const policy = definePolicy(
      withChanges(
        {
          project: {
            ...manyToManyInput.tables.project,
            contact: 'project_contact',
            fields: ['projectid', 'memberIds'],
          },
        } as unknown as Partial<Tables>,
        [{ name: 'Mine', table: 'project', scope: 'contact', privileges: ['read'], webRoles: ['Member'] }],
      ),
    );
    const jane = abilityFor(policy, members.jane);
    expect(jane.can('read', project({ memberIds: ['jane'] }))).toBe(true);
    expect(jane.can('read', project({ memberIds: ['sam'] }))).toBe(false);
  });
});
