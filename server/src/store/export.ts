/**
 * S21: a member's data as the export document (`src/core/export.ts`), read in pages — fifty
 * conversations, then 500 messages at a time, each page one query by key (no offsets, no
 * transaction held open) — so that a member with a long history is streamed in bounded memory.
 * Visibility is the same as every read's (`VISIBLE`): the conversations they can see now.
 */
import {
  NotFoundError,
  exportChunks,
  type ExportedConversation,
  type GroupRole,
  type Message,
} from '../../../src/core/index.js';
import type { Database } from '../db.js';
import { sharedViews } from './conversations.js';
import { getViewer } from './directory.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_SELECT,
  VISIBLE,
  reactionsOf,
  toMessage,
  withReactions,
  type ConversationRow,
  type MessageRow,
} from './rows.js';
import { getSettings } from './settings.js';

const CONVERSATION_PAGE = 50;
const MESSAGE_PAGE = 500;

/** The member's export, as text pieces; NotFoundError for a member the directory lacks. */
export async function exportMemberData(db: Database, memberId: string): Promise<AsyncGenerator<string>> {
  // Read before the first piece, so that an unknown member is a 404, not a broken stream.
  const viewer = await getViewer(db, memberId).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError('There is no such member.') : error;
  });
  const settings = await getSettings(db, memberId);
  const roles = await db.query<{ group_id: string; role: GroupRole }>(
    'select group_id, role from group_members where member_id = $1',
    [memberId],
  );
  const roleOf = new Map(roles.map((row) => [row.group_id, row.role]));
  return exportChunks({
    member: viewer.member,
    groups: viewer.groups.map((group) => ({ group, role: roleOf.get(group.id) ?? 'member' })),
    settings,
    exportedAt: Date.now(),
    conversations: conversationsOf(db, memberId),
  });
}

/** The conversations in `exportOrder` (created, then id), a page at a time after the last one. */
async function* conversationsOf(db: Database, memberId: string) {
  let after: { createdAt: number; id: string } | undefined;
  for (;;) {
    const rows = await db.query<ConversationRow & { read_up_to: string | null }>(
      `select ${CONVERSATION_COLUMNS},
              (select m.id from reads r join messages m on m.seq = r.marker_seq
                where r.member_id = $1 and r.conversation_id = c.id) as read_up_to
         from conversations c
        where ${VISIBLE}
          and ($2::double precision is null
               or (c.created_at, c.id collate "C") > ($2::double precision, $3::text collate "C"))
        order by c.created_at, c.id collate "C" limit $4`,
      [memberId, after?.createdAt ?? null, after?.id ?? '', CONVERSATION_PAGE],
    );
    if (rows.length === 0) return;
    const { partiesOf } = await sharedViews(
      db,
      rows.map((row) => row.id),
      [],
    );
    for (const row of rows) {
      const conversation: Omit<ExportedConversation, 'messages'> = {
        id: row.id,
        participants: partiesOf.get(row.id) ?? [],
        startedBy: { kind: row.started_by_kind, id: row.started_by_id },
        createdAt: row.created_at,
        lastActivityAt: row.last_activity_at,
        ...(row.read_up_to ? { readUpTo: row.read_up_to } : {}),
      };
      yield { conversation, pages: messagesOf(db, memberId, row.id) };
    }
    if (rows.length < CONVERSATION_PAGE) return;
    const last = rows[rows.length - 1];
    after = { createdAt: last.created_at, id: last.id };
  }
}

/** The conversation's messages as the member reads them: with reactions, "mine" theirs (S26). */
async function* messagesOf(
  db: Database,
  memberId: string,
  conversationId: string,
): AsyncGenerator<readonly Message[]> {
  let after = 0;
  for (;;) {
    const rows = await db.query<MessageRow>(
      `${MESSAGE_SELECT} where m.conversation_id = $1 and m.seq > $2 order by m.seq limit $3`,
      [conversationId, after, MESSAGE_PAGE],
    );
    if (rows.length === 0) return;
    const reactions = await reactionsOf(
      db,
      rows.map((row) => row.seq),
    );
    yield rows.map((row) => withReactions(toMessage(row), reactions.get(row.seq), memberId));
    if (rows.length < MESSAGE_PAGE) return;
    after = rows[rows.length - 1].seq;
  }
}
