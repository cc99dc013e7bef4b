import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPolicyValidationError } from '../../src/index.js';
import {
  createPolicyStore,
  isPolicyStoreError,
  PolicyVersionConflictError,
  PolicyWidensError,
} from '../../src/store/index.js';
import { customerPortalInput } from '../fixtures/customer-portal.js';
import { first, freshNames, narrowed, storeDatabase, widened } from './store-fixture.js';

const { db, open } = storeDatabase();
// Starting PGlite takes seconds on a loaded machine: once per file, outside the tests' own time.
beforeAll(() => db.waitReady, 120_000);
afterAll(() => db.close());

const change = (baseVersion: number | null) => ({
  author: 'ops@example.com',
  comment: 'a change',
  baseVersion,
});

/** Reads a rejection, failing the test when the promise resolves instead. */
async function refusal(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a refusal');
}

async function countRows(table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

describe('publishing a policy', () => {
  it('an empty store creates its table, serves nothing, and says how to publish the first version', async () => {
    const store = await open();
    expect(store.status()).toMatchObject({ state: 'online', version: null });
    const error = await refusal(Promise.resolve().then(() => store.current()));
    expect(error.code).toBe('no_published_policy');
    expect(error.message).toContain('publish the first one with baseVersion: null');
    await store.close();
  });

  it('the first version is a widening: refused without allowWiden, published with a reason', async () => {
    const store = await open();
    const error = await refusal(store.publish(customerPortalInput, change(null)));
    expect(error).toBeInstanceOf(PolicyWidensError);
    expect(error.message).toContain('the first version grants access where none was granted');
    const { snapshot } = await store.publish(customerPortalInput, first);
    expect(snapshot.version).toBe(1);
    expect(store.current()).toBe(snapshot);
    expect(Object.isFrozen(snapshot)).toBe(true);
    await store.close();
  });

  it('a narrowing change is published without allowWiden, and the review says who loses what', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    const { snapshot, review } = await store.publish(narrowed, change(1));
    expect(snapshot.version).toBe(2);
    expect(review.widens).toBe(false);
    expect(review.diff?.changes).toEqual([
      {
        principal: 'rep',
        widened: [],
        narrowed: [
          { record: 'SO-1', table: 'salesorder', action: 'read' },
          { record: 'SO-2', table: 'salesorder', action: 'read' },
        ],
      },
    ]);
    await store.close();
  });

  it('a widening change is refused, names who gains what, and writes nothing', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await store.publish(customerPortalInput, first);
    const error = await refusal(store.publish(widened, change(1)));
    expect(error).toBeInstanceOf(PolicyWidensError);
    expect((error as PolicyWidensError).findings).toEqual([
      'jane gains read on SO-2 (salesorder)',
      'sam gains read on SO-1 (salesorder)',
    ]);
    expect(await countRows(table)).toBe(1);
    expect(store.current().version).toBe(1);
    await store.close();
  });

  it('a widening change is published with allowWiden and a reason, which the history keeps', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    const noReason = await refusal(store.publish(widened, { ...change(1), allowWiden: true }));
    expect(noReason.code).toBe('invalid_publish_options');
    await store.publish(widened, {
      ...change(1),
      allowWiden: true,
      reason: 'authorized users see their company',
    });
    const [latest] = await store.history();
    expect(latest).toMatchObject({
      version: 2,
      author: 'ops@example.com',
      widened: true,
      reason: 'authorized users see their company',
      rollbackOf: null,
    });
    await store.close();
  });

  it('a mistyped option (allowWidening) is refused, never ignored', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    const error = await refusal(
      store.publish(widened, { ...change(1), allowWidening: true, reason: 'typo' } as never),
    );
    expect(error.code).toBe('invalid_publish_options');
    expect((error as { path?: unknown }).path).toEqual(['allowWidening']);
    await store.close();
  });

  it('an invalid document is refused with its issues and writes nothing', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await store.publish(customerPortalInput, first);
    const broken = {
      ...customerPortalInput,
      tablePermissions: [{ ...customerPortalInput.tablePermissions[0], table: 'invoice' }],
    };
    const error = await refusal(store.publish(broken, change(1)));
    expect(isPolicyValidationError(error)).toBe(true);
    expect((error as unknown as { issues: { path: unknown }[] }).issues[0]?.path).toEqual([
      'tablePermissions',
      0,
      'table',
    ]);
    expect(await countRows(table)).toBe(1);
    await store.close();
  });

  it('a document over the size limit is refused before validation and writes nothing', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel, maxDocumentBytes: 2_000 });
    const huge = {
      ...customerPortalInput,
      webRoles: [...customerPortalInput.webRoles, { name: 'x'.repeat(3_000) }],
    };
    const error = await refusal(store.publish(huge, first));
    expect(error.code).toBe('policy_document_too_large');
    expect(await countRows(table)).toBe(0);
    await store.close();
  });

  it('a document holding U+0000 is refused before PostgreSQL sees it', async () => {
    const store = await open();
    const error = await refusal(
      store.publish(
        { ...customerPortalInput, webRoles: [...customerPortalInput.webRoles, { name: 'a\u0000b' }] },
        first,
      ),
    );
    expect(isPortalError(error)).toBe(true);
    await store.close();
  });
});

const isPortalError = (error: unknown) => isPolicyStoreError(error) || isPolicyValidationError(error);

describe('two publishes from one base version', () => {
  it('one wins; the other gets a conflict naming the version now published, and nothing of it is written', async () => {
    const { table, channel } = freshNames();
    const one = await open({ table, channel });
    const two = await createPolicyStore(db, {
      table,
      channel,
      review: (await import('./store-fixture.js')).seedReview,
    });
    await one.publish(customerPortalInput, first);
    const results = await Promise.allSettled([
      one.publish(narrowed, change(1)),
      two.publish(narrowed, change(1)),
    ]);
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason as PolicyVersionConflictError;
    expect(error).toBeInstanceOf(PolicyVersionConflictError);
    expect(error.currentVersion).toBe(2);
    expect(error.message).toContain('baseVersion: 2');
    expect(await countRows(table)).toBe(2);
    await one.close();
    await two.close();
  });

  it('the database refuses the second writer even when both passed the in-memory check', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await store.publish(customerPortalInput, first);
    // The other writer's row lands between this publish's check of the newest version and its insert.
    const racing = store.publish(narrowed, change(1));
    await db.query(
      `INSERT INTO ${table} (version, document, policy_hash, author, comment, widened) VALUES (2, $1::jsonb, 'x', 'other', 'raced', false)`,
      [JSON.stringify(customerPortalInput)],
    );
    const outcome = await racing.then(
      () => 'published',
      (error: unknown) => (error instanceof PolicyVersionConflictError ? 'conflict' : String(error)),
    );
    expect(outcome).toBe('conflict');
    expect(await countRows(table)).toBe(2);
    await store.close();
  });

  it('a base version that does not exist is refused as a conflict naming the newest', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    const error = await refusal(store.publish(narrowed, change(7)));
    expect(error).toBeInstanceOf(PolicyVersionConflictError);
    expect((error as PolicyVersionConflictError).currentVersion).toBe(1);
    await store.close();
  });
});

describe('history and rollback', () => {
  it('a rollback publishes the old document as a new, audited version', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    await store.publish(narrowed, change(1));
    const { snapshot } = await store.rollback(1, {
      author: 'lead@example.com',
      comment: 'representatives need their orders back',
      baseVersion: 2,
      allowWiden: true,
      reason: 'restores version 1',
    });
    expect(snapshot.version).toBe(3);
    const history = await store.history();
    // The same content is the same policy, whatever key order the database returned.
    expect(snapshot.policy.version).toBe(history[2]?.policyHash);
    expect(history.map((entry) => [entry.version, entry.rollbackOf, entry.widened])).toEqual([
      [3, 1, true],
      [2, null, false],
      [1, null, true],
    ]);
    await store.close();
  });

  it('a rollback to a wider version is refused like any widening', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    await store.publish(narrowed, change(1));
    const error = await refusal(store.rollback(1, change(2)));
    expect(error).toBeInstanceOf(PolicyWidensError);
    expect(store.current().version).toBe(2);
    await store.close();
  });

  it('a rollback to a version that does not exist is refused at its path', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    const error = await refusal(store.rollback(9, change(1)));
    expect(error).toMatchObject({ code: 'unknown_policy_version', path: ['version'] });
    await store.close();
  });
});

describe('reviewing without a sample', () => {
  it('a store with no review sample counts any change as widening, since nothing shows it is not', async () => {
    const store = await createPolicyStore(db, freshNames());
    await store.publish(customerPortalInput, first);
    const error = await refusal(store.publish(narrowed, change(1)));
    expect(error).toBeInstanceOf(PolicyWidensError);
    expect(error.message).toContain('no review sample and no proveNarrows');
    // The same content again (in another key order) changes nothing, so it needs no allowWiden.
    const reordered = Object.fromEntries(Object.entries(customerPortalInput).reverse());
    expect((await store.publish(reordered, change(1))).review.widens).toBe(false);
    await store.close();
  });

  it('proveNarrows decides when it is given: a throw is a widening, with its message among the findings', async () => {
    const store = await createPolicyStore(db, {
      ...freshNames(),
      proveNarrows: (before, after) => {
        const grantsAuthorizedUsers = (policy: typeof after) =>
          policy.tablePermissions.some(
            (permission) =>
              permission.name === 'Company orders' && permission.webRoles.includes('Authorized user'),
          );
        if (grantsAuthorizedUsers(after) && !grantsAuthorizedUsers(before)) {
          throw new Error('authorized users gain Company orders');
        }
      },
    });
    await store.publish(customerPortalInput, first);
    const error = await refusal(store.publish(widened, change(1)));
    expect((error as PolicyWidensError).findings[0]).toBe(
      'proveNarrows: authorized users gain Company orders',
    );
    expect((await store.publish(narrowed, change(1))).review.widens).toBe(false);
    await store.close();
  });

  it('a preview reviews a document against the current version and writes nothing', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await store.publish(customerPortalInput, first);
    const preview = await store.preview(widened);
    expect(preview).toMatchObject({ widens: true, baseVersion: 1 });
    expect(preview.diff?.changes.map((entry) => entry.principal)).toEqual(['jane', 'sam']);
    expect(await countRows(table)).toBe(1);
    await store.close();
  });
});

/** Writes versions 1..count straight into a table, as other processes would have published them. */
async function storedVersions(table: string, count: number): Promise<void> {
  await db.query(
    `INSERT INTO ${table} (version, document, policy_hash, author, comment, widened)
     SELECT n, $1::jsonb, 'hash-' || n, 'ops@example.com', 'version ' || n, false FROM generate_series(1, $2::integer) AS n`,
    [JSON.stringify(customerPortalInput), count],
  );
}

describe('reading the history', () => {
  it('lists the newest 50 versions first by default, each with its audit fields', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await storedVersions(table, 60);
    const history = await store.history();
    expect(history.map((entry) => entry.version)).toEqual(
      Array.from({ length: 50 }, (_, index) => 60 - index),
    );
    expect(history[0]).toEqual({
      version: 60,
      policyHash: 'hash-60',
      author: 'ops@example.com',
      comment: 'version 60',
      widened: false,
      reason: null,
      rollbackOf: null,
      publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(Object.isFrozen(history[0])).toBe(true);
    await store.close();
  });

  it('pages with limit and before', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await storedVersions(table, 8);
    const page = await store.history({ limit: 3, before: 6 });
    expect(page.map((entry) => entry.version)).toEqual([5, 4, 3]);
    expect((await store.history({ limit: 1 })).map((entry) => entry.version)).toEqual([8]);
    expect(await store.history({ limit: 1_000 })).toHaveLength(8);
    await store.close();
  });

  it('a limit outside 1..1000 or a before that is no version number is refused at its path', async () => {
    const store = await open();
    for (const limit of [0, 1_001, 2.5, Number.NaN]) {
      const error = await refusal(store.history({ limit }));
      expect(error).toMatchObject({ code: 'invalid_publish_options', path: ['limit'] });
      expect(error.message).toBe('limit must be a whole number from 1 to 1000');
    }
    const error = await refusal(store.history({ before: '3' as never }));
    expect(error).toMatchObject({ code: 'invalid_publish_options', path: ['before'] });
    expect(error.message).toBe('before must be a version number');
    await store.close();
  });

  it('options inherited from a prototype are not read', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await storedVersions(table, 3);
    const inherited = Object.create({ limit: 0, before: 2 }) as { limit?: number; before?: number };
    expect((await store.history(inherited)).map((entry) => entry.version)).toEqual([3, 2, 1]);
    await store.close();
  });
});

describe('reading one version', () => {
  it('returns the document a version stored', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    await store.publish(narrowed, change(1));
    expect(await store.document(2)).toEqual(narrowed);
    expect(await store.document(1)).toEqual(customerPortalInput);
    await store.close();
  });

  it('a version that does not exist, or is no whole number, is refused at the path version', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    for (const version of [2, 1.5, '1' as never]) {
      const error = await refusal(store.document(version));
      expect(error).toMatchObject({ code: 'unknown_policy_version', path: ['version'] });
      expect(error.message).toBe(
        `there is no policy version ${String(version)}; store.history() lists the versions`,
      );
    }
    await store.close();
  });
});

describe('previewing against a chosen version', () => {
  it('reviews against the base version asked for, not the one served', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    await store.publish(customerPortalInput, first);
    await store.publish(narrowed, change(1));
    // Against version 1 the representative already reads X's orders; against version 2 they would gain them.
    const againstFirst = await store.preview(widened, { baseVersion: 1 });
    expect(againstFirst.baseVersion).toBe(1);
    expect(againstFirst.findings).toEqual([
      'jane gains read on SO-2 (salesorder)',
      'sam gains read on SO-1 (salesorder)',
    ]);
    const againstServed = await store.preview(widened);
    expect(againstServed.baseVersion).toBe(2);
    expect(againstServed.findings).toContain('rep gains read on SO-1 (salesorder)');
    expect(againstServed.policy.version).toBe(
      (await store.preview(widened, { baseVersion: 1 })).policy.version,
    );
    expect(await countRows(table)).toBe(2);
    await store.close();
  });

  it('a null base reviews the document as a first version; an unknown base is refused at baseVersion', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    const asFirst = await store.preview(narrowed, { baseVersion: null });
    expect(asFirst).toMatchObject({ baseVersion: null, widens: true });
    expect(asFirst.findings).toEqual(['the first version grants access where none was granted']);
    const error = await refusal(store.preview(narrowed, { baseVersion: 5 }));
    expect(error).toMatchObject({ code: 'unknown_policy_version', path: ['baseVersion'] });
    await store.close();
  });

  it('on an empty store a preview is a first version', async () => {
    const store = await open();
    expect(await store.preview(customerPortalInput)).toMatchObject({ baseVersion: null, widens: true });
    await store.close();
  });
});

describe('what the store refuses outright', () => {
  it('a database without query() is refused at the path db', async () => {
    for (const candidate of [null, {}, { query: 'SELECT 1' }]) {
      const error = await refusal(createPolicyStore(candidate as never));
      expect(error).toMatchObject({ code: 'invalid_store_options', path: ['db'] });
      expect(error.message).toContain('pass a database with query(text, values)');
    }
  });

  it('a closed store refuses a rollback before reading any version', async () => {
    const store = await open();
    await store.publish(customerPortalInput, first);
    await store.close();
    for (const version of [1, 9]) {
      const error = await refusal(store.rollback(version, { ...change(1), allowWiden: true, reason: 'r' }));
      expect(error).toMatchObject({ code: 'policy_store_closed', path: [] });
      expect(error.message).toBe('the store is closed; create a new one to publish');
    }
  });

  it('a document within the bound in characters but over it in UTF-8 bytes is refused and writes nothing', async () => {
    const { table, channel } = freshNames();
    const wide = {
      ...customerPortalInput,
      webRoles: [...customerPortalInput.webRoles, { name: 'é'.repeat(600) }],
    };
    // Counted in UTF-16 units the document fits; its UTF-8 form (two bytes per é) does not.
    const characters = JSON.stringify(wide).length;
    const maxDocumentBytes = characters + 300;
    expect(new TextEncoder().encode(JSON.stringify(wide)).length).toBeGreaterThan(maxDocumentBytes);
    const store = await open({ table, channel, maxDocumentBytes });
    const error = await refusal(store.publish(wide, first));
    expect(error).toMatchObject({ code: 'policy_document_too_large', path: [] });
    expect(error.message).toContain(`larger than ${maxDocumentBytes} bytes of JSON (`);
    expect(await countRows(table)).toBe(0);
    await store.close();
  });
});

describe('a store and the versions already written', () => {
  it('a store opened on a table that holds versions serves the newest at once', async () => {
    const { table, channel } = freshNames();
    const writer = await open({ table, channel });
    await writer.publish(customerPortalInput, first);
    await writer.publish(narrowed, change(1));
    const reader = await open({ table, channel });
    expect(reader.current().version).toBe(2);
    expect(reader.status()).toMatchObject({ state: 'online', version: 2 });
    await writer.close();
    await reader.close();
  });

  it('a publish in flight when the store closes still answers with the version it wrote', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel });
    const publishing = store.publish(customerPortalInput, first);
    await store.close();
    const { snapshot } = await publishing;
    expect(snapshot).toMatchObject({ version: 1, author: first.author, comment: first.comment });
    expect(snapshot.policy.version).toBe((await store.history())[0]?.policyHash);
    // The closed store serves nothing new: it never served a version.
    expect(() => store.current()).toThrow(expect.objectContaining({ code: 'no_published_policy' }));
  });

  it('refresh reads a version written without a notification; subscribers hear it until they stop', async () => {
    const { table, channel } = freshNames();
    const store = await open({ table, channel, pollIntervalMs: 3_600_000 });
    await store.publish(customerPortalInput, first);
    const heard: number[] = [];
    const stop = store.subscribe((event) => {
      if (event.type === 'version') heard.push(event.snapshot.version);
    });
    // Written by hand: no pg_notify, so only a read finds it.
    await db.query(
      `INSERT INTO ${table} (version, document, policy_hash, author, comment, widened) VALUES (2, $1::jsonb, 'x', 'other', 'by hand', false)`,
      [JSON.stringify(narrowed)],
    );
    expect((await store.refresh())?.version).toBe(2);
    expect(store.current().comment).toBe('by hand');
    stop();
    await store.publish(customerPortalInput, { ...change(2), allowWiden: true, reason: 'restore' });
    expect(heard).toEqual([2]);
    await store.close();
  });
});
