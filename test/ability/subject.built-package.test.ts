import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

// The brand is invisible to the program by design; the inspector protocol shows a record's private fields.
// This runs the built package (a bundler that judges the brand's construction unused would drop it and leave
// every record to the general check), in both its module formats.
const SCRIPT = `
  import { Session } from 'node:inspector';
  import { createRequire } from 'node:module';
  import * as esm from 'portal-permissions';
  const cjs = createRequire(import.meta.url)('portal-permissions');
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const privateFieldsOf = async (record) => {
    globalThis.probe = record;
    const { result } = await post('Runtime.evaluate', { expression: 'globalThis.probe' });
    const { privateProperties = [] } = await post('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    return privateProperties.map((property) => property.name);
  };
  const answers = {};
  for (const [format, library] of [['esm', esm], ['cjs', cjs]]) {
    answers[format] = {
      tagged: await privateFieldsOf(library.subject('salesorder', { id: 'SO-1' })),
      forged: await privateFieldsOf(library.subject('salesorder', JSON.parse('{"__caslSubjectType__":"salesorder"}'))),
    };
  }
  console.log(JSON.stringify(answers));
`;

describe('the built package brands the records subject() tags', () => {
  it('a record tagged by subject() holds the brand in both formats; a forged one holds none', () => {
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: root,
      encoding: 'utf8',
    });
    const expected = { tagged: ['#branded'], forged: [] };
    expect(JSON.parse(output)).toEqual({ esm: expected, cjs: expected });
  });
});
