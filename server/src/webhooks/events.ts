/**
 * The webhook events (S23) and where they are queued: `message.created` and
 * `conversation.started` inside the send's own statement (`conv_message_added`, migration 9);
 * `report.created` and `member.blocked` through `queueWebhookEvent`, in the transaction of the
 * write they announce, so that an event is queued exactly when its write commits.
 *
 * Every event has an id, the same for each endpoint and each retry (`<type>:<id of what it is
 * about>`): a receiver that sees an id twice has seen a repeat.
 */
import type { Queryable } from '../db.js';

export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'conversation.started',
  'report.created',
  'member.blocked',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(value);
}

/** Queues one event for each enabled endpoint subscribed to its type, in the caller's transaction. */
export async function queueWebhookEvent(
  q: Queryable,
  space: string,
  type: WebhookEventType,
  subjectId: string,
  data: unknown,
): Promise<void> {
  await q.query('select conv_webhook_event($1, $2, $3::jsonb, $4)', [
    type,
    `${type}:${subjectId}`,
    JSON.stringify(data),
    space,
  ]);
}

/**
 * `member.blocked`, for the privacy code to call where a block is written (in its transaction):
 * `by` is `'moderator'` for the portal's block of a member, or the id of the member who blocked
 * them. Each call is one event (a member blocked, unblocked and blocked again is two); its id
 * names the blocker, the member and the time.
 */
export function memberBlocked(
  q: Queryable,
  space: string,
  memberId: string,
  by: { readonly kind: 'moderator' } | { readonly kind: 'member'; readonly id: string },
): Promise<void> {
  const blocker = by.kind === 'moderator' ? 'moderator' : `member:${by.id}`;
  return queueWebhookEvent(q, space, 'member.blocked', `${blocker}:${memberId}:${Date.now()}`, {
    memberId,
    by,
  });
}
