/**
 * S21 for a backend that answers its member's reads itself (the local one): the export document
 * (`core/export.ts`) built from the contract's own reads — the viewer, the settings, every page
 * of conversations, every page of each one's messages — so the document has the shape and the
 * content the server's has. The read marker is where the conversation's unread count puts it:
 * after it come exactly `unreadCount` messages by others.
 */
import {
  EXPORT_MEDIA_TYPE,
  exportChunks,
  type ExportedConversation,
  type GroupRole,
  type Message,
  type MessageId,
} from '../core/index.js';
import type { ConversationsAdapter, RequestOptions } from './adapter.js';

function readMarker(messages: readonly Message[], viewerId: string, unread: number): MessageId | undefined {
  let others = 0;
  for (let index = messages.length - 1; index >= 0; index--) {
    if (others === unread) return messages[index].id;
    if (messages[index].author.id !== viewerId) others++;
  }
  return undefined;
}

export async function exportThroughReads(
  adapter: ConversationsAdapter,
  options: RequestOptions = {},
): Promise<Blob> {
  const viewer = await adapter.getViewer(options);
  const settings = await adapter.getSettings(options);
  const managed = new Set(viewer.managedGroups.map((group) => group.id));
  async function* conversations() {
    let after: string | undefined;
    do {
      const page = await adapter.listConversations({ ...options, ...(after ? { after } : {}) });
      for (const conversation of page.items) {
        // Oldest first: the pages come newest first, each oldest first.
        const pages: (readonly Message[])[] = [];
        let before: string | undefined;
        do {
          const messages = await adapter.listMessages(conversation.id, {
            ...options,
            ...(before ? { before } : {}),
          });
          pages.unshift(messages.items);
          before = messages.before;
        } while (before);
        const messages = pages.flat();
        const readUpTo = readMarker(messages, viewer.member.id, conversation.unreadCount);
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
      after = page.next;
    } while (after);
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
