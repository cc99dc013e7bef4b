import { z } from 'zod';
import { policySchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of a policy file, generated from the zod schema that validates it, for
 * editor completion. Cross-checks (unknown tables, roles, parents…) are only enforced by `definePolicy`.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }),
    title: 'portal-permissions policy',
    description:
      'Tables, web roles and table permissions of a portal-permissions policy (validate with definePolicy).',
  };
}
