/**
 * S21 for a backend that answers its member's reads itself (the local one): the export document
 * (`core/export.ts`) built from the contract's own reads — the viewer, the settings, every page
 * of conversations, every page of each one's messages — so the document has the shape and the
 * content the server's has. The read marker is the one thing the reads do not show (an unread
 * count cannot tell a marker from a member's own writing), so the backend gives it.
 */
import {
  EXPORT_MEDIA_TYPE,
  exportChunks,
  type Conversation,
  type ConversationId,
  type ExportedConversation,
  type GroupRole,
  type Message,
  type MessageId,
} from '../core/index.js';
import { exportOrder } from '../core/export-order.js';
import type { ConversationsAdapter, RequestOptions } from './adapter.js';

/** The member's read marker in a conversation (`ExportedConversation.readUpTo`). */
export type ReadMarkerOf = (conversationId: ConversationId) => Promise<MessageId | undefined>;

async function allConversations(
  adapter: ConversationsAdapter,
  options: RequestOptions,
): Promise<Conversation[]> {
  const all: Conversation[] = [];
  let after: string | undefined;
  do {
    const page = await adapter.listConversations({ ...options, ...(after ? { after } : {}) });
    all.push(...page.items);
    after = page.next;
  } while (after);
  return all.sort(exportOrder);
}

/** Every message, oldest first: the pages come newest first, each oldest first. */
async function allMessages(
  adapter: ConversationsAdapter,
  conversationId: ConversationId,
  options: RequestOptions,
): Promise<Message[]> {
  const pages: (readonly Message[])[] = [];
  let before: string | undefined;
  do {
    const messages = await adapter.listMessages(conversationId, {
      ...options,
      ...(before ? { before } : {}),
    });
    pages.unshift(messages.items);
    before = messages.before;
  } while (before);
  return pages.flat();
}

export async function exportThroughReads(
  adapter: ConversationsAdapter,
  readMarkerOf: ReadMarkerOf,
  options: RequestOptions = {},
): Promise<Blob> {
  const viewer = await adapter.getViewer(options);
  const settings = await adapter.getSettings(options);
  const managed = new Set(viewer.managedGroups.map((group) => group.id));
  const listed = await allConversations(adapter, options);
  async function* conversations() {
    for (const conversation of listed) {
      const messages = await allMessages(adapter, conversation.id, options);
      const readUpTo = await readMarkerOf(conversation.id);
      const exported: Omit<ExportedConversation, 'messages'> = {
        id: conversation.id,
        participants: conversation.participants,
        startedBy: conversation.startedBy,
        createdAt: conversation.createdAt,
        lastActivityAt: conversation.lastActivityAt,
        ...(readUpTo ? { readUpTo } : {}),
      };
      yield {
        conversation: exported,
        pages: (async function* () {
          yield messages;
        })(),
      };
    }
  }
  const chunks: string[] = [];
  for await (const chunk of exportChunks({
    member: viewer.member,
    groups: viewer.groups.map((group) => ({
      group,
      role: (managed.has(group.id) ? 'manager' : 'member') as GroupRole,
    })),
    settings,
    exportedAt: Date.now(),
    conversations: conversations(),
  })) {
    chunks.push(chunk);
  }
  return new Blob(chunks, { type: EXPORT_MEDIA_TYPE });
}
