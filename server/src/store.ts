/**
 * The rules of conversations, over SQL, behind one surface for the HTTP layer. Every check is the
 * shared one from `src/core` (the same functions the elements and the local adapter run), so a
 * limit means the same thing everywhere. Each concern lives in its module under `store/`:
 * directory, conversations (reads and visibility), send (writes, idempotency), reads, settings,
 * reports, events, limits; this class holds one space's context and hands each call on.
 */
import {
  assertTypingAllowed,
  parseConversationId,
  type Conversation,
  type ConversationSearchResults,
  type MessagePage,
  type NotificationSettings,
  type Member,
  type Message,
  type Page,
  type Party,
  type Policy,
  type SeenBy,
  type SendRequest,
  type UnreadSummary,
  type Viewer,
} from '../../src/core/index.js';
import { Batcher } from './batch.js';
import type { RateLimits } from './config.js';
import type { Database, Row } from './db.js';
import { queueFigures, type QueueFigures } from './queue/jobs.js';
import { listBlocked, markAccepting, setBlock, setFollow } from './store/acceptance.js';
import { getConversation, listConversations, listMessages } from './store/conversations.js';
import { listMessagesWindow, searchConversations } from './store/search.js';
import { getParty, getViewer, loadDirectory, searchDirectory, setGroupRole } from './store/directory.js';
import { EventLog, type StoredEvent, type StreamPosition } from './store/events.js';
import { deleteMember, memberStatuses, setGroupReaders, setMemberBlock } from './store/moderation.js';
import { deleteMessage, editMessage, react } from './store/message-changes.js';
import { exportMemberData } from './store/export.js';
import { getUnreadSummary, markRead } from './store/reads.js';
import { listReports, report } from './store/reports.js';
import { type StoreContext } from './store/rows.js';
import {
  sendCommitter,
  sendMessage,
  startConversation,
  type BatchFallbackReason,
  type SendResult,
  type StartResult,
} from './store/send.js';
import { getSettings, updateSettings } from './store/settings.js';
import { getSeenBy, leaveConversation, markUnread, setMuted, typingAudience } from './store/presence.js';

export { EVENTS_CHANNEL } from './store/fan-out.js';
export { MAX_ID_LENGTH, isRecord, searchKey } from './store/rows.js';
export type { StoredEvent } from './store/events.js';
export type { SendResult, StartResult } from './store/send.js';
export type { SqlValue } from './db.js';

/** Limits that hold when a space names none (tests create spaces with their own). */
const NO_LIMITS: RateLimits = { sendsPerMinute: 30, conversationsPerHour: 20, reportsPerHour: 20 };

export class Store implements StoreContext {
  readonly limits: RateLimits;
  private readonly events: EventLog;
  private readonly sends: ReturnType<typeof sendCommitter>;
  /** Batches of sends written again one by one, by reason (for `/metrics`). */
  readonly sendBatchFallbacks: Record<BatchFallbackReason, number> = {
    deadlock: 0,
    'client-id-race': 0,
    error: 0,
  };

  /** Group commits of sends started, and the sends they carried. */
  get sendBatches(): { readonly runs: number; readonly items: number } {
    return this.sends.figures;
  }

  constructor(
    readonly db: Database,
    public policy: Policy,
    /** Whether sends should decide emails (only when a mailer is configured). */
    readonly emailEnabled: boolean,
    /** Which isolated space (test servers) this store's data is in; '' is the only one in production. */
    readonly space = '',
    /** Per-member limits, taken in the transaction that writes (`store/limits.ts`). */
    limits: Partial<RateLimits> = {},
  ) {
    this.limits = { ...NO_LIMITS, ...limits };
    this.events = new EventLog(db);
    this.sends = sendCommitter(db, (reason) => {
      this.sendBatchFallbacks[reason]++;
    });
  }

  // ---------------------------------------------------------------- viewer and directory

  /**
   * Whether the member may make requests: listed, and neither blocked nor deleted (S16, S17).
   * Asked on every request, never remembered: a block takes effect at once, in every process,
   * for tokens issued before it too.
   */
  async memberExists(memberId: string): Promise<boolean> {
    return (await this.standing.load(memberId)) === 'in good standing';
  }

  /** The requests that arrive together ask in one query (each still asks, nothing is kept). */
  private readonly standing = new Batcher<string, 'in good standing' | 'not'>(async (memberIds) => {
    const statuses = await memberStatuses(this.db, memberIds);
    return new Map(
      memberIds.map((id) => [id, statuses.get(id) === undefined ? 'in good standing' : 'not'] as const),
    );
  });

  /** S22: the member's language as the directory gave it (null: none); undefined when there is no such member. */
  async memberLocale(memberId: string): Promise<string | null | undefined> {
    const [row] = await this.db.query<{ locale: string | null }>('select locale from members where id = $1', [
      memberId,
    ]);
    return row ? row.locale : undefined;
  }

  getViewer(memberId: string): Promise<Viewer> {
    return getViewer(this.db, memberId);
  }

  /** With `viewerId`, members who do not accept the viewer carry `accepting: false` (S14, S15). */
  async searchDirectory(
    query: unknown,
    limitInput: unknown,
    kind: unknown,
    viewerId?: string,
  ): Promise<Party[]> {
    const found = await searchDirectory(this.db, query, limitInput, kind);
    return viewerId === undefined ? found : markAccepting(this.db, viewerId, found);
  }

  async getParty(ref: unknown, viewerId?: string): Promise<Party> {
    const party = await getParty(this.db, ref);
    return viewerId === undefined ? party : (await markAccepting(this.db, viewerId, [party]))[0];
  }

  // ---------------------------------------------------------------- conversations

  getConversation(viewerId: string, id: unknown): Promise<Conversation> {
    return getConversation(this.db, viewerId, id);
  }

  listConversations(
    viewerId: string,
    after: unknown,
    limitInput: unknown,
    group?: string,
  ): Promise<Page<Conversation>> {
    return listConversations(this.db, viewerId, after, limitInput, group);
  }

  listMessages(viewerId: string, id: unknown, before: unknown, limitInput: unknown): Promise<MessagePage> {
    return listMessages(this.db, viewerId, id, before, limitInput);
  }

  /** The page around a message, or after a cursor (S30): both parsed by `parseListMessagesRequest`. */
  listMessagesWindow(
    viewerId: string,
    id: unknown,
    window: { readonly around?: string; readonly after?: string },
    limit: number,
  ): Promise<MessagePage> {
    return listMessagesWindow(this.db, viewerId, id, window, limit);
  }

  searchConversations(
    viewerId: string,
    query: unknown,
    limitInput: unknown,
  ): Promise<ConversationSearchResults> {
    return searchConversations(this.db, viewerId, query, limitInput);
  }

  // ---------------------------------------------------------------- writing

  startConversation(viewerId: string, input: unknown): Promise<StartResult> {
    return startConversation(this, viewerId, input);
  }

  /** A send as the rulebook's parser gave it (`parseSendRequest`). */
  sendMessage(viewerId: string, request: SendRequest): Promise<SendResult> {
    return sendMessage(this, this.sends, viewerId, request);
  }

  /** S25: `input` is `{ conversationId, messageId, body }`, checked by the rulebook. */
  editMessage(viewerId: string, input: unknown): Promise<Message> {
    return editMessage(this, viewerId, input);
  }

  /** S25: `input` is `{ conversationId, messageId }`. */
  deleteMessage(viewerId: string, input: unknown): Promise<Message> {
    return deleteMessage(this, viewerId, input);
  }

  /** S26: `input` is `{ conversationId, messageId, emoji, on }`. */
  react(viewerId: string, input: unknown): Promise<Message> {
    return react(this, viewerId, input);
  }

  markRead(viewerId: string, conversationId: unknown, upTo: unknown): Promise<void> {
    return markRead(this.db, this.space, viewerId, conversationId, upTo);
  }

  getUnreadSummary(viewerId: string, byGroup = false): Promise<UnreadSummary> {
    return getUnreadSummary(this.db, viewerId, byGroup);
  }

  getSettings(viewerId: string): Promise<NotificationSettings> {
    return getSettings(this.db, viewerId);
  }

  updateSettings(viewerId: string, patch: unknown): Promise<NotificationSettings> {
    return updateSettings(this.db, this.space, viewerId, patch);
  }

  report(viewerId: string, input: unknown): Promise<{ id: string }> {
    return report(this, viewerId, input);
  }

  // ---------------------------------------------------------------- S15 member blocks

  blockMember(viewerId: string, memberId: unknown): Promise<void> {
    return setBlock(this.db, this.space, viewerId, memberId, true);
  }

  unblockMember(viewerId: string, memberId: unknown): Promise<void> {
    return setBlock(this.db, this.space, viewerId, memberId, false);
  }

  listBlockedMembers(viewerId: string): Promise<Member[]> {
    return listBlocked(this.db, viewerId);
  }

  // ---------------------------------------------------------------- presence (S27–S29, S31)

  getSeenBy(viewerId: string, id: unknown): Promise<SeenBy> {
    return getSeenBy(this.db, viewerId, id);
  }

  setMuted(viewerId: string, id: unknown, muted: unknown): Promise<Conversation> {
    return setMuted(this.db, this.space, viewerId, id, muted);
  }

  markUnread(viewerId: string, id: unknown): Promise<Conversation> {
    return markUnread(this.db, this.space, viewerId, id);
  }

  leaveConversation(viewerId: string, id: unknown): Promise<void> {
    return leaveConversation(this.db, this.space, viewerId, id);
  }

  /**
   * When each member last typed in each conversation (S28). Kept in this process: a typing event
   * is never stored, so the throttle is not either. Several processes behind one portal would
   * each allow one per interval; such a deployment needs the throttle and the fan-out in shared
   * memory (a Redis key with a TTL, a PostgreSQL NOTIFY to the processes holding the streams).
   */
  private readonly typedAt = new Map<string, number>();

  /**
   * S28: who should hear that the viewer is typing, and as whom; undefined when nobody is to
   * (the viewer turned receipts off). Above the rate, `RateLimitedError`.
   */
  async typing(
    viewerId: string,
    id: unknown,
  ): Promise<
    { readonly member: Member; readonly audience: string[]; readonly conversationId: string } | undefined
  > {
    const conversationId = parseConversationId(id);
    const found = await typingAudience(this.db, viewerId, conversationId);
    if (!found) return undefined;
    const key = `${viewerId}\u0000${conversationId}`;
    const now = Date.now();
    assertTypingAllowed(this.typedAt.get(key), now);
    if (this.typedAt.size > 10_000) this.forgetOldTyping(now);
    this.typedAt.set(key, now);
    return { ...found, conversationId };
  }

  private forgetOldTyping(now: number): void {
    for (const [key, at] of this.typedAt) if (now - at > 60_000) this.typedAt.delete(key);
  }

  /** S21: the member's data as the export document, in pieces read page by page. */
  exportData(memberId: string): Promise<AsyncGenerator<string>> {
    return exportMemberData(this.db, memberId);
  }

  // ---------------------------------------------------------------- events

  /** The member's current stream position, and the oldest position a stream can resume from. */
  eventPosition(memberId: string): Promise<{ current: number; resumableFrom: number }> {
    return this.events.eventPosition(memberId);
  }

  /** Deletes events older than `maxAgeMs`: streams that far behind must reload instead. */
  pruneEvents(maxAgeMs: number): Promise<number> {
    return this.events.pruneEvents(maxAgeMs);
  }

  /** Each stream's events after its position (at most 200 each), as its member sees things now. */
  eventsFor(positions: readonly StreamPosition[]): Promise<(StoredEvent[] | undefined)[]> {
    return this.events.eventsFor(positions);
  }

  // ---------------------------------------------------------------- admin: the portal's directory

  loadDirectory(input: unknown): Promise<{ members: number; groups: number }> {
    return loadDirectory(this.db, this.space, input);
  }

  setGroupRole(groupId: string, memberId: string, role: unknown): Promise<void> {
    return setGroupRole(this.db, this.space, groupId, memberId, role);
  }

  /** S14: the portal's follows, one at a time. */
  setFollow(followerId: unknown, followedId: unknown, following: unknown): Promise<void> {
    return setFollow(this.db, followerId, followedId, following);
  }

  // ---------------------------------------------------------------- admin: moderation (S16–S18)

  /** S16: the moderators block a member, or lift the block (not a member's own block: S15). */
  setModeratorBlock(memberId: unknown, block: boolean): Promise<void> {
    return setMemberBlock(this.db, this.space, memberId, block);
  }

  deleteMember(memberId: unknown, options: { eraseMessages: boolean }): Promise<void> {
    return deleteMember(this.db, memberId, options);
  }

  setGroupReaders(groupId: unknown, readers: unknown): Promise<void> {
    return setGroupReaders(this.db, this.space, groupId, readers);
  }

  listReports(): Promise<Row[]> {
    return listReports(this.db);
  }

  /** How many notifications wait for delivery and how old the oldest is (for `/metrics`). */
  queueFigures(): Promise<QueueFigures> {
    return queueFigures(this.db);
  }
}
