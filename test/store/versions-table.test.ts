import { describe, expect, it } from 'vitest';
import { VersionsTable } from '../../src/store/versions-table.js';

/** A driver that answers every query with `answer` (rows, or an error to throw) and records what it was sent. */
function fakeDatabase(answer: { rows?: unknown[]; error?: unknown }) {
  const sent: { text: string; values: unknown[] | undefined }[] = [];
  return {
    sent,
    async query(text: string, values?: unknown[]) {
      sent.push({ text, values });
      if (Object.hasOwn(answer, 'error')) throw answer.error;
      return { rows: answer.rows ?? [] };
    },
  };
}

const row = {
  version: 2,
  document: { tables: {} },
  policy_hash: 'abc',
  author: 'ops@example.com',
  comment: 'a change',
  widened: true,
  reason: 'needed',
  rollback_of: 1,
  published_at: new Date('2026-12-07T04:00:00.000Z'),
};

const newVersion = {
  version: 3,
  documentJson: '{"tables":{}}',
  policyHash: 'def',
  author: 'ops@example.com',
  comment: 'another change',
  widened: false,
  reason: null,
  rollbackOf: null,
};

const raised = (code: string) => Object.assign(new Error(`postgres error ${code}`), { code });

describe('creating the table', () => {
  it('a concurrent creator winning the race (duplicate table or type) leaves the table there: no error', async () => {
    await expect(new VersionsTable(fakeDatabase({ error: raised('42P07') }), 't').ensure()).resolves.toBe(
      undefined,
    );
    await expect(new VersionsTable(fakeDatabase({ error: raised('23505') }), 't').ensure()).resolves.toBe(
      undefined,
    );
  });

  it('any other failure is the caller’s to see', async () => {
    const denied = raised('42501');
    await expect(new VersionsTable(fakeDatabase({ error: denied }), 't').ensure()).rejects.toBe(denied);
    await expect(new VersionsTable(fakeDatabase({ error: 'down' }), 't').ensure()).rejects.toBe('down');
    await expect(new VersionsTable(fakeDatabase({ error: null }), 't').ensure()).rejects.toBe(null);
    await expect(new VersionsTable(fakeDatabase({ error: undefined }), 't').ensure()).rejects.toBe(undefined);
  });

  it('quotes the table name as one identifier', async () => {
    const db = fakeDatabase({});
    await new VersionsTable(db, 'Policy "versions"').ensure();
    expect(db.sent[0]?.text).toContain('CREATE TABLE IF NOT EXISTS "Policy ""versions""" (');
  });
});

describe('reading versions', () => {
  it('the newest number is null on an empty table and a number when the driver gives text', async () => {
    expect(
      await new VersionsTable(fakeDatabase({ rows: [{ version: null }] }), 't').latestNumber(),
    ).toBeNull();
    expect(await new VersionsTable(fakeDatabase({ rows: [{}] }), 't').latestNumber()).toBeNull();
    expect(await new VersionsTable(fakeDatabase({ rows: [] }), 't').latestNumber()).toBeNull();
    expect(await new VersionsTable(fakeDatabase({ rows: [{ version: '12' }] }), 't').latestNumber()).toBe(12);
  });

  it('no row is no version', async () => {
    const table = new VersionsTable(fakeDatabase({ rows: [] }), 't');
    expect(await table.latest()).toBeUndefined();
    expect(await table.get(4)).toBeUndefined();
  });

  it('a row is read into its fields, the version asked for a bound parameter', async () => {
    const db = fakeDatabase({ rows: [row] });
    expect(await new VersionsTable(db, 't').get(2)).toEqual({
      version: 2,
      document: { tables: {} },
      policyHash: 'abc',
      author: 'ops@example.com',
      comment: 'a change',
      widened: true,
      reason: 'needed',
      rollbackOf: 1,
      publishedAt: new Date('2026-12-07T04:00:00.000Z'),
    });
    expect(db.sent[0]?.values).toEqual([2]);
  });

  it('a driver without jsonb or timestamp parsers hands text over: it is parsed', async () => {
    const text = {
      ...row,
      version: '2',
      document: '{"tables":{"terms":{}}}',
      rollback_of: '1',
      published_at: '2026-12-07T04:00:00.000Z',
    };
    const stored = await new VersionsTable(fakeDatabase({ rows: [text] }), 't').latest();
    expect(stored).toMatchObject({ version: 2, document: { tables: { terms: {} } }, rollbackOf: 1 });
    expect(stored?.publishedAt).toEqual(new Date('2026-12-07T04:00:00.000Z'));
  });

  it('only a true widened is a widening, and a missing reason or rollback is null', async () => {
    const odd = { ...row, widened: 't', reason: 7, rollback_of: undefined };
    expect(await new VersionsTable(fakeDatabase({ rows: [odd] }), 't').latest()).toMatchObject({
      widened: false,
      reason: null,
      rollbackOf: null,
    });
    const none = { ...row, reason: null, rollback_of: null };
    expect(await new VersionsTable(fakeDatabase({ rows: [none] }), 't').latest()).toMatchObject({
      reason: null,
      rollbackOf: null,
    });
  });

  it('the history is read newest first, below `before` when given, with both bound', async () => {
    const db = fakeDatabase({ rows: [row, { ...row, version: 1 }] });
    const listed = await new VersionsTable(db, 't').list(10, 5);
    expect(listed.map((entry) => entry.version)).toEqual([2, 1]);
    expect(db.sent[0]?.values).toEqual([5, 10]);
  });
});

describe('writing a version', () => {
  it('sends every field as a bound parameter, the channel last, and returns when it was written', async () => {
    const db = fakeDatabase({ rows: [{ published_at: '2026-12-07T05:00:00.000Z', notified: '' }] });
    const written = await new VersionsTable(db, 't').insert(newVersion, 'policy_1');
    expect(written).toEqual({ publishedAt: new Date('2026-12-07T05:00:00.000Z') });
    expect(db.sent[0]?.values).toEqual([
      3,
      '{"tables":{}}',
      'def',
      'ops@example.com',
      'another change',
      false,
      null,
      null,
      'policy_1',
    ]);
  });

  it('a write that inserted no row (a gap below it) or hit the key (a concurrent writer) lost', async () => {
    expect(await new VersionsTable(fakeDatabase({ rows: [] }), 't').insert(newVersion, 'c')).toBeUndefined();
    const taken = fakeDatabase({ error: raised('23505') });
    expect(await new VersionsTable(taken, 't').insert(newVersion, 'c')).toBeUndefined();
  });

  it('any other failure of the write is thrown, never taken for a lost race', async () => {
    const full = raised('53100');
    await expect(new VersionsTable(fakeDatabase({ error: full }), 't').insert(newVersion, 'c')).rejects.toBe(
      full,
    );
    // A duplicate table is no answer to an insert.
    const odd = raised('42P07');
    await expect(new VersionsTable(fakeDatabase({ error: odd }), 't').insert(newVersion, 'c')).rejects.toBe(
      odd,
    );
  });
});
