import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

it('the testing cookbook quotes the test file that runs in CI, word for word', () => {
  const source = read('./testing-your-policy.test.ts').replace(
    "'../../examples/customer-portal/policy.js'",
    "'./policy.js'",
  );
  expect(read('../../docs/cookbook/testing-your-policy.md')).toContain(`\`\`\`ts\n${source}\`\`\``);
});
