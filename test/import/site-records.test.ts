import { describe, expect, it } from 'vitest';
import { readSiteRecords } from '../../src/import/site-records.js';

const read = (files: Record<string, string>) => readSiteRecords(new Map(Object.entries(files)));
const kinds = (files: Record<string, string>) => read(files).records.map(({ kind, file }) => [file, kind]);

describe('reading the records of a site', () => {
  it('each file name names its record kind, in either data model, whatever its case', () => {
    expect(
      kinds({
        'a.webrole.yml': 'name: A',
        'b.tablepermission.yml': 'name: B',
        'c.entitypermission.yml': 'name: C',
        'd.webpagerule.yml': 'name: D',
        'e.webpageaccesscontrolrule.yml': 'name: E',
        'f.webpage.yml': 'name: F',
        'g.webfile.yml': 'name: G',
        'h.columnpermissionprofile.yml': 'name: H',
        'i.columnpermission.yml': 'name: I',
        'sub/J.WebRole.YAML': 'name: J',
        'webrole.yml': '- name: K',
        'site.v2/webrole.yml': '- name: L',
      }),
    ).toEqual([
      ['a.webrole.yml', 'webRole'],
      ['b.tablepermission.yml', 'tablePermission'],
      ['c.entitypermission.yml', 'tablePermission'],
      ['d.webpagerule.yml', 'pageRule'],
      ['e.webpageaccesscontrolrule.yml', 'pageRule'],
      ['f.webpage.yml', 'page'],
      ['g.webfile.yml', 'webFile'],
      ['h.columnpermissionprofile.yml', 'columnPermissionProfile'],
      ['i.columnpermission.yml', 'columnPermission'],
      ['site.v2/webrole.yml', 'webRole'],
      ['sub/J.WebRole.YAML', 'webRole'],
      ['webrole.yml', 'webRole'],
    ]);
  });

  it('records come in path order, however the files were listed', () => {
    const files = { 'b/x.webrole.yml': 'name: B', 'a/x.webrole.yml': 'name: A', 'a.webrole.yml': 'name: C' };
    expect(read(files).records.map(({ file }) => file)).toEqual([
      'a.webrole.yml',
      'a/x.webrole.yml',
      'b/x.webrole.yml',
    ]);
  });

  it('files of other kinds are not parsed at all, so a broken one cannot fail the import', () => {
    expect(
      read({ 'a.sitesetting.yml': 'a: [', 'notes.yml': ': :', 'a.webrole.yml': 'name: A' }).records,
    ).toHaveLength(1);
  });

  it('a list file keeps its mappings only; a file holding no mapping is named in the report', () => {
    const { records, skippedFiles } = read({
      'webrole.yml': '- name: A\n- 3\n- [x]\n- name: B',
      'e.webrole.yml': '- 1',
    });
    expect(records.map(({ fields }) => fields)).toEqual([{ name: 'A' }, { name: 'B' }]);
    expect(skippedFiles).toEqual([
      { file: 'e.webrole.yml', reason: 'it holds no record (a mapping of fields)' },
    ]);
  });

  it('website access records are named as not modelled, in any folder and either spelling', () => {
    const { records, skippedFiles } = read({
      'websiteaccess.yml': 'a: 1',
      'x/y.websiteaccess.yaml': 'a: 1',
      'x/mywebsiteaccess.yml': 'a: 1',
      'X/Z.WebsiteAccess.YML': 'a: 1',
      'x/websiteaccess.yml.bak': 'a: 1',
    });
    expect(records).toEqual([]);
    const reason =
      'website access records (rights to edit site content) carry no permission this library models';
    expect(skippedFiles).toEqual([
      { file: 'X/Z.WebsiteAccess.YML', reason },
      { file: 'websiteaccess.yml', reason },
      { file: 'x/y.websiteaccess.yaml', reason },
    ]);
  });

  it('the form is standard when fields carry the adx_ prefix (web role links aside), enhanced otherwise', () => {
    expect(read({ 'a.webrole.yml': 'adx_name: A' }).forms).toEqual(['standard']);
    expect(read({ 'a.tablepermission.yml': 'name: A\nadx_entitypermission_webrole: [x]' }).forms).toEqual([
      'enhanced',
    ]);
    expect(read({ 'a.webrole.yml': 'name: A', 'b.webrole.yml': 'adx_name: B' }).forms).toEqual([
      'enhanced',
      'standard',
    ]);
    expect(read({ 'a.webrole.yml': 'adx_name: A', 'b.webrole.yml': 'name: B' }).forms).toEqual([
      'enhanced',
      'standard',
    ]);
    expect(read({ 'a.webrole.yml': 'adx_name: A\nid: x' }).forms).toEqual(['standard']);
    expect(read({}).forms).toEqual([]);
  });

  it('a solution component carrying no permission is passed over; one with unreadable content is named', () => {
    const component = (type: number, content: string) =>
      `<powerpagecomponent powerpagecomponentid="c"><name>N</name><powerpagecomponenttype>${type}</powerpagecomponenttype><content>${content}</content></powerpagecomponent>`;
    const { records, skippedFiles, forms } = read({
      'powerpagecomponents/a/powerpagecomponent.xml': component(11, '{}'),
      'powerpagecomponents/b/powerpagecomponent.xml': component(9, '{}'),
    });
    expect(records.map(({ kind }) => kind)).toEqual(['webRole']);
    expect(skippedFiles).toEqual([]);
    expect(
      read({
        'powerpagecomponents/a/powerpagecomponent.xml': '<other/>',
        'powerpagecomponents/b/powerpagecomponent.xml': component(10, '[1]'),
      }).skippedFiles,
    ).toEqual([
      { file: 'powerpagecomponents/a/powerpagecomponent.xml', reason: 'no <powerpagecomponent> element' },
      { file: 'powerpagecomponents/b/powerpagecomponent.xml', reason: '<content> is not a JSON object' },
    ]);
    expect(forms).toEqual(['solution']);
  });

  it('an empty file or a null entry holds no record, and is named in the report', () => {
    const { records, skippedFiles } = read({ 'a.webrole.yml': '', 'b.webrole.yml': '- ~\n- name: B' });
    expect(records.map(({ file, fields }) => [file, fields])).toEqual([['b.webrole.yml', { name: 'B' }]]);
    expect(skippedFiles).toEqual([
      { file: 'a.webrole.yml', reason: 'it holds no record (a mapping of fields)' },
    ]);
  });

  it('a file is read by the kind its last name part names, never by a kind inside another word or after the extension', () => {
    expect(
      kinds({ 'my-webrole.yml': 'name: A', 'a.webrole.yml.bak': 'name: B', 'x.y.webrole.yml': 'name: C' }),
    ).toEqual([['x.y.webrole.yml', 'webRole']]);
  });
});
