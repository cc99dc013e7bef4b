/** A value an audit event detail may hold (JSON-compatible). */
export type AuditDetail = string | number | boolean | readonly string[];

/** What an accepted lifecycle transition records: who did what to whom, when. */
export interface AuditEvent {
  /** Stable event type, e.g. `invitation.redeemed`, `account.deleted`. */
  readonly type: string;
  /** Epoch milliseconds from the injected clock. */
  readonly at: number;
  /** The acting principal's id, when the caller names one. */
  readonly actorId?: string;
  /** The id of the contact, user or invitation changed. */
  readonly subjectId: string;
  readonly details: Readonly<Record<string, AuditDetail>>;
}

/** The result of every accepted transition: the new state plus its audit event. */
export type Transition<TState> = TState & { readonly event: AuditEvent };

/** Builds an audit event, leaving `actorId` out when no actor was named. */
export function auditEvent(
  type: string,
  at: number,
  subjectId: string,
  actorId: string | undefined,
  details: Record<string, AuditDetail> = {},
): AuditEvent {
  return { type, at, subjectId, ...(actorId === undefined ? {} : { actorId }), details };
}
