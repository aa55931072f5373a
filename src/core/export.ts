/**
 * S21: a member's data, as one JSON document every backend writes the same way (GDPR Art. 20):
 * who they are, their groups, their settings, and every conversation they can see with its
 * participants, their read marker and every message, oldest first.
 *
 * The document is written in pieces (`exportChunks`) from pages the backend reads one after the
 * other, so a member with a long history is exported in bounded memory: the server streams the
 * pieces to the client as they come, the local backend puts them in a `Blob`.
 */
import type {
  Conversation,
  Group,
  GroupRole,
  Member,
  Message,
  MessageId,
  NotificationSettings,
} from './types.js';

export const EXPORT_FORMAT = 'conv-elements/export';
export const EXPORT_VERSION = 1;
export { EXPORT_FILE_NAME, EXPORT_MEDIA_TYPE } from './export-file.js';

export interface ExportedConversation {
  readonly id: Conversation['id'];
  readonly participants: Conversation['participants'];
  readonly startedBy: Conversation['startedBy'];
  readonly createdAt: number;
  readonly lastActivityAt: number;
  /**
   * The member's read marker: the newest message they marked read (`markRead`), absent when
   * they never marked one. Writing a message does not move it: the marker is what they read of
   * others', which is what their unread count starts after.
   */
  readonly readUpTo?: MessageId;
  /** Every message, oldest first. */
  readonly messages: readonly Message[];
}

export interface DataExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: number;
  readonly member: Member;
  readonly groups: readonly { readonly group: Group; readonly role: GroupRole }[];
  readonly settings: NotificationSettings;
  /** Every conversation the member can see now, in `exportOrder` (`export-order.ts`). */
  readonly conversations: readonly ExportedConversation[];
}

/** What a backend gives `exportChunks`: the document's head, then its conversations one by one. */
export interface ExportSource {
  readonly member: Member;
  readonly groups: DataExport['groups'];
  readonly settings: NotificationSettings;
  readonly exportedAt: number;
  /** Each conversation without its messages (in `exportOrder`), and its messages in pages, oldest first. */
  readonly conversations: AsyncIterable<{
    readonly conversation: Omit<ExportedConversation, 'messages'>;
    readonly pages: AsyncIterable<readonly Message[]>;
  }>;
}

/**
 * The export document as text pieces, in order; joined they are one JSON value of type
 * `DataExport`. Nothing but the current page is held.
 */
export async function* exportChunks(source: ExportSource): AsyncGenerator<string> {
  const head = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: source.exportedAt,
    member: source.member,
    groups: source.groups,
    settings: source.settings,
  };
  yield `${JSON.stringify(head).slice(0, -1)},"conversations":[`;
  let firstConversation = true;
  for await (const { conversation, pages } of source.conversations) {
    yield `${firstConversation ? '' : ','}${JSON.stringify(conversation).slice(0, -1)},"messages":[`;
    firstConversation = false;
    let firstMessage = true;
    for await (const page of pages) {
      if (page.length === 0) continue;
      yield `${firstMessage ? '' : ','}${page.map((message) => JSON.stringify(message)).join(',')}`;
      firstMessage = false;
    }
    yield ']}';
  }
  yield ']}';
}
