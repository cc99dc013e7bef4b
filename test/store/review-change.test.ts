import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/index.js';
import { canonicalPolicy } from '../../src/store/canonical-json.js';
import { type PolicyReviewSample, reviewChange } from '../../src/store/review-change.js';
import { contacts, order as pricedOrder, pricedPortalInput } from '../fixtures/column-security.js';
import { customerPortalInput } from '../fixtures/customer-portal.js';
import { narrowed, seedReview, widened } from './store-samples.js';

const launched = canonicalPolicy(customerPortalInput);
const narrower = canonicalPolicy(narrowed);
const wider = canonicalPolicy(widened);

describe('the first version', () => {
  it('widens from no access at all, whatever the sample or the proof says', async () => {
    const review = await reviewChange(undefined, launched, seedReview, () => undefined);
    expect(review).toEqual({
      widens: true,
      findings: ['the first version grants access where none was granted'],
      diff: undefined,
    });
  });
});

describe('a change reviewed on a sample', () => {
  it('names each principal who gains an action on a record', async () => {
    const review = await reviewChange(launched, wider, seedReview, undefined);
    expect(review.widens).toBe(true);
    expect(review.findings).toEqual([
      'jane gains read on SO-2 (salesorder)',
      'sam gains read on SO-1 (salesorder)',
    ]);
  });

  it('names a column a principal gains while the row decision stays the same', async () => {
    const before = canonicalPolicy(pricedPortalInput);
    const after = canonicalPolicy({
      ...pricedPortalInput,
      columnPermissions: [
        {
          ...pricedPortalInput.columnPermissions[0],
          columns: { price: ['read'], total: [], status: ['read'] },
        },
        pricedPortalInput.columnPermissions[1],
      ],
    });
    const sample = {
      principals: { jane: contacts.jane },
      records: { 'SO-jane': pricedOrder('jane') },
      actions: ['read'],
    } as const;
    const review = await reviewChange(before, after, sample, undefined);
    expect(review.findings).toEqual(['jane gains read on column price of SO-jane (salesorder)']);
  });

  it('compares only the actions the sample names, every privilege when it names none', async () => {
    const createOnly = await reviewChange(
      narrower,
      launched,
      { ...seedReview, actions: ['create'] },
      undefined,
    );
    expect(createOnly).toMatchObject({ widens: false, findings: [] });
    expect(createOnly.diff?.actions).toEqual(['create']);
    const { actions: _ignored, ...everyAction } = seedReview;
    const all = await reviewChange(narrower, launched, everyAction, undefined);
    expect(all.diff?.actions).toEqual(expect.arrayContaining(['read', 'write', 'create', 'delete']));
    expect(all.findings).toContain('rep gains read on SO-1 (salesorder)');
  });

  it('a narrowing change widens nothing and keeps the diff of who loses what', async () => {
    const review = await reviewChange(launched, narrower, seedReview, undefined);
    expect(review.widens).toBe(false);
    expect(review.findings).toEqual([]);
    expect(review.diff?.changes.map((change) => change.principal)).toEqual(['rep']);
  });

  it('loads the sample from a function given both policies, once per review', async () => {
    const calls: { before: Policy | undefined; after: Policy }[] = [];
    const load = async (change: {
      before: Policy | undefined;
      after: Policy;
    }): Promise<PolicyReviewSample> => {
      calls.push(change);
      return seedReview;
    };
    const review = await reviewChange(launched, wider, load, undefined);
    expect(review.findings).toHaveLength(2);
    expect(calls).toEqual([{ before: launched.policy, after: wider.policy }]);
  });
});

describe('a change reviewed by proveNarrows', () => {
  it('a proof that passes finds nothing; one that throws a non-Error is still a widening, in its words', async () => {
    expect((await reviewChange(launched, wider, undefined, () => undefined)).widens).toBe(false);
    const review = await reviewChange(launched, narrower, undefined, () => {
      throw 'rep loses company orders';
    });
    expect(review).toMatchObject({ widens: true, findings: ['proveNarrows: rep loses company orders'] });
  });

  it('is asked alongside the sample, and the findings of both are kept', async () => {
    const review = await reviewChange(launched, wider, seedReview, async (before, after) => {
      expect([before, after]).toEqual([launched.policy, wider.policy]);
      throw new Error('authorized users gain company orders');
    });
    expect(review.findings).toEqual([
      'jane gains read on SO-2 (salesorder)',
      'sam gains read on SO-1 (salesorder)',
      'proveNarrows: authorized users gain company orders',
    ]);
  });
});

describe('a change with neither a sample nor a proof', () => {
  it('widens when the document changed, since nothing shows it does not', async () => {
    const review = await reviewChange(launched, narrower, undefined, undefined);
    expect(review.widens).toBe(true);
    expect(review.findings).toEqual([
      'the store has no review sample and no proveNarrows, so it cannot show that this change widens nothing',
    ]);
    expect(review.diff).toBeUndefined();
  });

  it('the same document again widens nothing', async () => {
    const again = canonicalPolicy(Object.fromEntries(Object.entries(customerPortalInput).reverse()));
    expect(await reviewChange(launched, again, undefined, undefined)).toEqual({
      widens: false,
      findings: [],
      diff: undefined,
    });
  });
});
