import { describe, expect, it } from 'vitest';
import {
  BulkImportError,
  importContacts,
  importUsers,
  previewContactImport,
} from '../../src/accounts/index.js';
import { customerPortal } from '../fixtures/customer-portal.js';
import { fakeEnvironment } from '../fixtures/lifecycle-environment.js';

const catchError = (run: () => unknown): BulkImportError => {
  try {
    run();
  } catch (error) {
    if (error instanceof BulkImportError) return error;
    throw error;
  }
  throw new Error('expected a BulkImportError');
};

// The Partner Center "Upload users" template, as downloaded, filled in for two of a customer's users.
const partnerCenterFile = [
  'First name,Last name,Display name,Email,Status update',
  'Jan,Jansen,Jan Jansen,jan@contoso.nl,',
  'Marie,Dupont,Marie Dupont,marie@contoso.fr,',
].join('\r\n');

describe('a contact import reads the Partner Center customer-user template as it is downloaded', () => {
  it('imports each user with the email as id and keeps the names as a profile, saying how each header was read', () => {
    const result = importContacts(fakeEnvironment(), { policy: customerPortal, csv: partnerCenterFile });
    expect(result.imported.map((contact) => contact.id)).toEqual(['jan@contoso.nl', 'marie@contoso.fr']);
    expect(result.imported[0]).toEqual({
      kind: 'contact',
      id: 'jan@contoso.nl',
      webRoles: [],
      state: 'active',
      registeredVia: 'administrator',
    });
    expect(result.profiles[1]).toEqual({
      id: 'marie@contoso.fr',
      firstName: 'Marie',
      lastName: 'Dupont',
      displayName: 'Marie Dupont',
      email: 'marie@contoso.fr',
    });
    expect(result.headers).toEqual({
      template: 'partnerCenter',
      mapped: [
        { header: 'First name', position: 1, to: ['firstName'] },
        { header: 'Last name', position: 2, to: ['lastName'] },
        { header: 'Display name', position: 3, to: ['displayName'] },
        { header: 'Email', position: 4, to: ['id', 'email'] },
      ],
      ignored: [{ header: 'Status update', position: 5, reason: expect.stringMatching(/leave it empty/) }],
    });
  });

  it('matches headers without case or spaces, and the library columns beside the template ones', () => {
    const csv = [
      ' FIRST  NAME ,DisplayName,User Name,Usage location,Account Id,legal entity,WebRoles',
      'Jan,Jan Jansen,jan@contoso.nl,nl,X,usmf,Authorized user',
    ].join('\r\n');
    const { imported, profiles, headers } = importContacts(fakeEnvironment(), {
      policy: customerPortal,
      csv,
    });
    expect(imported[0]).toMatchObject({
      id: 'jan@contoso.nl',
      accountId: 'X',
      legalEntity: 'usmf',
      webRoles: ['Authorized user'],
    });
    expect(profiles[0]).toMatchObject({ firstName: 'Jan', usageLocation: 'NL' });
    expect(headers.mapped.map(({ header, to }) => `${header.trim()} → ${to.join('+')}`)).toEqual([
      'FIRST  NAME → firstName',
      'DisplayName → displayName',
      'User Name → id+email',
      'Usage location → usageLocation',
      'Account Id → accountId',
      'legal entity → legalEntity',
      'WebRoles → webRoles',
    ]);
  });

  it("a file with an id column is the library's own, and an email beside the id is only the email", () => {
    const { imported, profiles, headers } = importContacts(fakeEnvironment(), {
      policy: customerPortal,
      csv: 'ID,accountId\r\njan,X\r\n',
    });
    expect(imported[0]?.id).toBe('jan');
    expect(profiles[0]).toEqual({ id: 'jan' });
    expect(headers).toEqual({
      template: 'library',
      mapped: [
        { header: 'ID', position: 1, to: ['id'] },
        { header: 'accountId', position: 2, to: ['accountId'] },
      ],
      ignored: [],
    });
    const withEmail = importContacts(fakeEnvironment(), {
      policy: customerPortal,
      csv: 'ID,Email,accountId\r\njan,jan@contoso.nl,X\r\n',
    });
    expect(withEmail.imported[0]?.id).toBe('jan');
    expect(withEmail.profiles[0]?.email).toBe('jan@contoso.nl');
    expect(withEmail.headers.template).toBe('library');
  });
});

describe('a template file with mistakes imports nothing and says what to fix', () => {
  it('misspelt headers are unknown with a did-you-mean, and the required columns they meant are named as missing', () => {
    const csv = 'First name,Last name,Display nam,Emial\r\nJan,Jansen,Jan Jansen,jan@contoso.nl\r\n';
    const error = catchError(() => importContacts(fakeEnvironment(), { policy: customerPortal, csv }));
    expect(error.issues.map(({ column, code, message }) => ({ column, code, message }))).toEqual([
      {
        column: 'Display nam',
        code: 'unknown_column',
        message: 'unknown column "Display nam" (did you mean "Display name"?)',
      },
      { column: 'Emial', code: 'unknown_column', message: 'unknown column "Emial" (did you mean "Email"?)' },
      {
        column: 'Display name',
        code: 'missing_column',
        message: 'the header has no "Display name" column (did you mean "Display nam"?); add it',
      },
      {
        column: 'Email',
        code: 'missing_column',
        message: 'the header has no "Email" column (did you mean "Emial"?); add it',
      },
    ]);
    expect(error.headers?.template).toBe('partnerCenter');
  });

  it('two headers for one column are refused', () => {
    const csv = 'Display name,Email,User name\r\nJan,jan@contoso.nl,jan@contoso.nl\r\n';
    const error = catchError(() => importContacts(fakeEnvironment(), { policy: customerPortal, csv }));
    expect(error.issues).toMatchObject([
      {
        column: 'User name',
        code: 'duplicate_column',
        message: expect.stringMatching(/"Email" already does/),
      },
    ]);
  });

  it('bad rows are reported by line and by the header as the file names it, all or nothing', () => {
    const csv = [
      'Display name,Email,Usage location,Last name',
      'Jan Jansen,jan@contoso.nl,NL,Jansen',
      ',marie@contoso.fr,FR,Dupont',
      'Piet,piet-at-contoso,Netherlands,',
      `Long,long@contoso.nl,NL,${'x'.repeat(51)}`,
      'Jan again,jan@contoso.nl,NL,',
    ].join('\r\n');
    const error = catchError(() => importContacts(fakeEnvironment(), { policy: customerPortal, csv }));
    expect(error.issues.map(({ line, column, code }) => `${line}:${column}:${code}`)).toEqual([
      '3:Display name:missing_display_name',
      '4:Email:invalid_email',
      '4:Usage location:invalid_usage_location',
      '5:Last name:name_too_long',
      '6:Email:duplicate_id',
    ]);
    expect(error.message).toContain('nothing was imported (5 problems)');
  });

  it('the preview returns the same problems and the header report without throwing or importing', () => {
    const csv = 'Display name,Email\r\n,jan@contoso.nl\r\n';
    const preview = previewContactImport({ policy: customerPortal, csv });
    expect(preview.issues.map((issue) => issue.code)).toEqual(['missing_display_name']);
    expect(preview.headers?.template).toBe('partnerCenter');
    expect(preview.contacts.map((contact) => contact.id)).toEqual(['jan@contoso.nl']);
  });
});

describe('a user import matches its headers without case or spaces too', () => {
  it('"Id" and "Business Unit Id" are the id and businessUnitId columns, reported as mapped', () => {
    const { imported, headers } = importUsers(fakeEnvironment(), { csv: 'Id,Business Unit Id\r\nu1,A\r\n' });
    expect(imported[0]).toMatchObject({ id: 'u1', businessUnitId: 'A' });
    expect(headers?.mapped.map((entry) => entry.to[0])).toEqual(['id', 'businessUnitId']);
  });

  it('the Partner Center template is for contacts: its headers are unknown columns of a user import', () => {
    const error = catchError(() => importUsers(fakeEnvironment(), { csv: partnerCenterFile }));
    expect(error.issues.map((issue) => issue.code)).toContain('unknown_column');
  });
});
