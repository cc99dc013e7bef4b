import type { AuditEvent } from 'portal-permissions/accounts';
import type { Database, Queryable } from '../db/database.js';

/** One line of the audit log as stored. */
export type AuditEntry = {
  readonly id: string;
  readonly at: string;
  readonly actorId: string | null;
  readonly type: string;
  readonly targetId: string | null;
  readonly outcome: 'accepted' | 'refused';
  readonly message: string | null;
  readonly details: Record<string, unknown>;
};

/** Records an accepted transition: the library's event, as it built it. */
export async function recordAccepted(db: Queryable, event: AuditEvent): Promise<void> {
  await db.query(
    `INSERT INTO audit_event (at, actor_id, type, target_id, outcome, details)
     VALUES ($1, $2, $3, $4, 'accepted', $5)`,
    [new Date(event.at).toISOString(), event.actorId ?? null, event.type, event.subjectId, event.details],
  );
}

/** Records a refusal: who asked for what on whom, and the library's explanation. */
export async function recordRefused(
  db: Queryable,
  refusal: {
    readonly actorId: string | undefined;
    readonly type: string;
    readonly targetId: string | undefined;
    readonly code: string;
    readonly message: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_event (actor_id, type, target_id, outcome, message, details)
     VALUES ($1, $2, $3, 'refused', $4, $5)`,
    [
      refusal.actorId ?? null,
      refusal.type,
      refusal.targetId ?? null,
      refusal.message,
      { code: refusal.code },
    ],
  );
}

/**
 * Runs administrative actions in one transaction each, recording their events when they commit, and a
 * refusal (as `isRefusal` tells one apart from a failure) outside the rolled-back transaction.
 */
export function auditedActions(
  db: Database,
  actorId: string | undefined,
  isRefusal: (error: unknown) => boolean,
) {
  return async function perform<T>(
    type: string,
    targetId: string | undefined,
    work: (tx: Queryable) => Promise<{ readonly result: T; readonly events: readonly AuditEvent[] }>,
  ): Promise<T> {
    try {
      return await db.transaction(async (tx) => {
        const { result, events } = await work(tx);
        for (const event of events) await recordAccepted(tx, event);
        return result;
      });
    } catch (error) {
      if (isRefusal(error)) {
        const { code, message } = error as { code: string; message: string };
        await recordRefused(db, { actorId, type, targetId, code, message });
      }
      throw error;
    }
  };
}

/** The newest audit entries first. */
export async function listAudit(db: Queryable, limit = 200): Promise<AuditEntry[]> {
  const { rows } = await db.query(
    `SELECT id, at, actor_id, type, target_id, outcome, message, details FROM audit_event
     ORDER BY at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    id: String(row.id),
    at: row.at instanceof Date ? row.at.toISOString() : new Date(String(row.at)).toISOString(),
    actorId: typeof row.actor_id === 'string' ? row.actor_id : null,
    type: String(row.type),
    targetId: typeof row.target_id === 'string' ? row.target_id : null,
    outcome: row.outcome === 'accepted' ? 'accepted' : 'refused',
    message: typeof row.message === 'string' ? row.message : null,
    details: (row.details ?? {}) as Record<string, unknown>,
  }));
}
