/** Reports of a conversation or a message, for the portal's moderators; limited per member. */
import { randomUUID } from 'node:crypto';
import { messageNotFound, parseReportRequest } from '../../../src/core/index.js';
import type { Database, Row } from '../db.js';
import { visibleConversation } from './conversations.js';
import { takeAllowance } from './limits.js';
import type { StoreContext } from './rows.js';
import { queueWebhookEvent } from '../webhooks/events.js';

export async function report(ctx: StoreContext, viewerId: string, input: unknown): Promise<{ id: string }> {
  const { target, reason } = parseReportRequest(input, ctx.policy);
  return ctx.db.transaction(async (tx) => {
    const conversation = await visibleConversation(tx, viewerId, target.conversationId);
    let messageId: string | null = null;
    if (target.kind === 'message') {
      const rows = await tx.query('select 1 from messages where id = $1 and conversation_id = $2', [
        target.messageId,
        conversation.id,
      ]);
      if (rows.length === 0) throw messageNotFound();
      messageId = target.messageId;
    }
    // After the checks: a refused report takes nothing from the allowance.
    await takeAllowance(tx, viewerId, 'reports', ctx.limits.reportsPerHour);
    const id = randomUUID();
    const now = Date.now();
    await tx.query(
      `insert into reports (id, target_kind, conversation_id, message_id, reason, reported_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [id, target.kind, conversation.id, messageId, reason, viewerId, now],
    );
    await queueWebhookEvent(tx, ctx.space, 'report.created', id, {
      id,
      target:
        messageId === null
          ? { kind: 'conversation', conversationId: conversation.id }
          : { kind: 'message', conversationId: conversation.id, messageId },
      reason,
      reportedBy: viewerId,
      createdAt: now,
    });
    return { id };
  });
}

export function listReports(db: Database): Promise<Row[]> {
  return db.query(
    `select id, target_kind, conversation_id, message_id, reason, reported_by, created_at from reports order by created_at`,
  );
}
