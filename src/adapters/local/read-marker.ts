/**
 * S21: the member's read marker in one conversation, as the export reports it (`core/export.ts`):
 * the newest message they marked read themselves, not the read position their writing moved.
 */
import type { ConversationId, MemberId, MessageId } from '../../core/types.js';
import type { ReadTx } from './schema.js';

export async function readMarkerIn(
  tx: ReadTx,
  memberId: MemberId,
  conversationId: ConversationId,
): Promise<MessageId | undefined> {
  const read = await tx.objectStore('reads').get([memberId, conversationId]);
  if (read?.markerSeq === undefined) return undefined;
  const message = await tx.objectStore('messages').index('bySeq').get([conversationId, read.markerSeq]);
  return message?.id;
}
