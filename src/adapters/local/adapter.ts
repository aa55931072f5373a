/**
 * The local adapter: `ConversationsAdapter` over the local IndexedDB database, for one viewer.
 *
 * **Not a security boundary.** Every rule of the contract is kept here, but the data and this
 * code both live in the viewer's browser: anyone with the page's devtools can read or change
 * any conversation in the database. Use it for demos, prototypes, tests and single-browser use;
 * a portal with real members needs a server (the HTTP adapter) that keeps these rules itself.
 */
import { CAPABILITIES, type Capability } from '../../adapter/capabilities.js';
import { exportThroughReads } from '../../adapter/export-through-reads.js';
import type {
  ConversationsAdapter,
  EditMessageInput,
  ListConversationsOptions,
  MessageInput,
  ReactionInput,
  ListMessagesOptions,
  ReportInput,
  RequestOptions,
  SearchConversationsOptions,
  SearchOptions,
  SendMessageInput,
  StartConversationInput,
  StartConversationResult,
  UnreadSummaryOptions,
} from '../../adapter/adapter.js';
import type { AdapterEventListener, Unsubscribe } from '../../adapter/events.js';
import { parseBlockRequest, recipientsToJudge } from '../../core/acceptance.js';
import { badCursor, decodeCursor, encodeCursor } from '../../core/cursor.js';
import {
  applySettingsPatch,
  assertMayRead,
  conversationNotFound,
  decideEarlierAnswer,
  maySend,
  mayStart,
  messageNotFound,
  normalizeSettings,
  partyNotFound,
  readMarkerMoves,
} from '../../core/decisions.js';
import { throwIfAborted, UnavailableError } from '../../core/errors.js';
import { assertMayLeave, assertTypingAllowed, sharesReceipts } from '../../core/presence.js';
import { parseUnreadSummaryRequest } from '../../core/group-readers.js';
import { assertMaySendTo, assertMayStartTo } from '../../core/delivery.js';
import { parseEditRequest, parseMessageRef, parseReactionRequest } from '../../core/message-changes.js';
import { decideDelete, decideEdit, decideReaction } from '../../core/message-decisions.js';
import { createClientId } from '../../core/ids.js';
import type { Policy } from '../../core/policy.js';
import {
  pageAround,
  parseConversationSearchRequest,
  parseSearchRequest,
  type ConversationSearchResults,
} from '../../core/search.js';
import {
  parseConversationId,
  parseListConversationsRequest,
  parseListMessagesRequest,
  parsePartyRef,
  parseSettingsPatch,
} from '../../core/requests.js';
import {
  parseMarkReadRequest,
  parseMuteRequest,
  parseReportRequest,
  parseSendRequest,
  parseStartRequest,
} from '../../core/change-requests.js';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  partyKey,
  type Conversation,
  type ConversationId,
  type Member,
  type Message,
  type MemberId,
  type MessageId,
  type MessagePage,
  type NotificationSettings,
  type Page,
  type Party,
  type PartyRef,
  type Report,
  type SeenBy,
  type UnreadSummary,
  type Viewer,
} from '../../core/types.js';
import { listBlocked, markAccepting, recipientFacts, writeBlock } from './acceptance.js';
import { settleOrAbort, type LocalDatabase } from './database.js';
import { searchDirectory } from './directory.js';
import { changeMessage, type MessageChange } from './message-changes.js';
import { searchConversations } from './search.js';
import { appendMessage, type Appended } from './messages.js';
import type { Notice } from './notices.js';
import {
  conversationFacts,
  participantSetKey,
  type ConversationRow,
  type ReadTx,
  type WriteTx,
} from './schema.js';
import { newestConversations } from './inbox.js';
import { newestMessages } from './newest-messages.js';
import { ViewerEvents } from './live-events.js';
import { rejoined, seenByIn, writeLeave, writeMarkedUnread, writeMuted } from './presence.js';
import { participantStatuses } from './reach.js';
import { countedOf } from './read-counts.js';
import { readMarkerIn } from './read-marker.js';
import { adjustUnread, readUnread, recountUnread, unreadByGroup } from './unread.js';
import {
  directoryVersion,
  loadViewerContext,
  readableInViewerOrder,
  toGroup,
  toMember,
  toViewer,
  viewConversations,
  viewMessages,
  type ViewerContext,
} from './views.js';

/** The optional parts of the contract the local backend serves: every one. */
export const LOCAL_CAPABILITIES: readonly Capability[] = CAPABILITIES;

/** What a `LocalBackend` gives each adapter it makes. */
export interface LocalAdapterHost {
  readonly database: LocalDatabase;
  /** Settles when the backend's seeding (if any) is done; requests wait for it. */
  ready(): Promise<void>;
  /** Called once when the adapter closes. */
  detach(adapter: LocalAdapter): void;
}

/**
 * `ConversationsAdapter` for one viewer, over the local database. Made by `LocalBackend.adapterFor`
 * or `createLocalAdapter`.
 *
 * Each request is the rulebook's steps: parse (`core/requests`), load the facts in a transaction,
 * decide (`core/decisions`), write, and map rows to the contract's values (`./views`). Events for
 * the viewer are `ViewerEvents`' business.
 *
 * Search (`searchDirectory`) does not leave the viewer out: a caller that needs that filters it.
 */
export class LocalAdapter implements ConversationsAdapter {
  readonly viewerId: MemberId;
  /** Every optional part this backend serves (see `adapter/capabilities.ts`). */
  readonly capabilities: readonly Capability[] = LOCAL_CAPABILITIES;
  /** The database this adapter's portal lives in: clients key their caches by it. */
  readonly scope: string;
  private readonly events: ViewerEvents;
  /**
   * S28: when this adapter last sent a typing event, per conversation. Kept per adapter: the
   * local backend is not a security boundary, so a second tab has its own allowance.
   */
  private readonly typingSentAt = new Map<ConversationId, number>();
  private closed = false;

  /** Use `LocalBackend.adapterFor` (or `createLocalAdapter`) rather than this. */
  constructor(
    private readonly host: LocalAdapterHost,
    viewerId: MemberId,
  ) {
    this.viewerId = viewerId;
    this.scope = `local:${host.database.name}`;
    this.events = new ViewerEvents(host.database, viewerId);
  }

  async getViewer(options?: RequestOptions): Promise<Viewer> {
    return this.read(options, async (tx) => toViewer(tx, await loadViewerContext(tx, this.viewerId)));
  }

  /** S21: built from this adapter's own reads and read markers, as the server's is from its tables. */
  exportData(options?: RequestOptions): Promise<Blob> {
    const markerOf = (conversationId: ConversationId) =>
      this.read(options, (tx) => readMarkerIn(tx, this.viewerId, conversationId));
    return exportThroughReads(this, markerOf, options);
  }

  async getPolicy(options?: RequestOptions): Promise<Policy> {
    throwIfAborted(options?.signal);
    return this.host.database.policy;
  }

  async searchDirectory(query: string, options?: SearchOptions): Promise<readonly Party[]> {
    const request = parseSearchRequest(query, options);
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      const found = await searchDirectory(tx, this.host.database.directory, request);
      return markAccepting(tx, this.viewerId, found);
    });
  }

  async getParty(input: PartyRef, options?: RequestOptions): Promise<Party> {
    const ref = parsePartyRef(input);
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      const row = await tx.objectStore(ref.kind === 'member' ? 'members' : 'groups').get(ref.id);
      if (!row) throw partyNotFound(ref);
      const [party] = await markAccepting(tx, this.viewerId, [
        ref.kind === 'member' ? toMember(row) : toGroup(row),
      ]);
      return party!;
    });
  }

  async listConversations(options?: ListConversationsOptions): Promise<Page<Conversation>> {
    const request = parseListConversationsRequest(options);
    const { limit } = request;
    const after =
      request.after === undefined ? undefined : decodeCursor(request.after, ['number', 'string'] as const);
    return this.read(options, async (tx) => {
      const cache = this.host.database.directory;
      // S18: one group's conversations, if the viewer reads it; any other group has none for them.
      const partiesOf = (context: ViewerContext) =>
        request.group === undefined
          ? context.parties
          : context.readable.includes(request.group)
            ? [partyKey({ kind: 'group', id: request.group })]
            : [];
      const inbox = (parties: readonly string[]) =>
        parties.length === 0 ? Promise.resolve([]) : newestConversations(tx, parties, limit + 1, after);
      // The inboxes of the viewer as last known are read beside the directory's version, and kept
      // if the directory has not changed since (almost always): one round of requests, not three.
      const known = cache.lastViewer(this.viewerId);
      const [version, early] = await Promise.all([
        directoryVersion(tx),
        known ? inbox(partiesOf(known.context)) : undefined,
      ]);
      const context = await cache.viewer(tx, version, this.viewerId);
      const rows = early && known?.context === context ? early : await inbox(partiesOf(context));
      const page = rows.slice(0, limit);
      // A conversation the viewer left stays in their groups' inboxes: not theirs any more (S29).
      const kept = page.filter((row) => !row.left?.includes(this.viewerId));
      const items = await viewConversations(tx, cache, this.viewerId, kept, version);
      const last = page.at(-1);
      return rows.length > limit && last
        ? { items, next: encodeCursor([last.lastActivityAt, last.id]) }
        : { items };
    });
  }

  async getConversation(id: ConversationId, options?: RequestOptions): Promise<Conversation> {
    const conversationId = parseConversationId(id);
    return this.read(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      const [conversation] = await viewConversations(tx, this.host.database.directory, this.viewerId, [row]);
      return conversation!;
    });
  }

  async listMessages(id: ConversationId, options?: ListMessagesOptions): Promise<MessagePage> {
    const request = parseListMessagesRequest(id, options);
    const { conversationId, limit } = request;
    const seqCursor = (cursor: string | undefined): number | undefined => {
      if (cursor === undefined) return undefined;
      const [cursorConversation, seq] = decodeCursor(cursor, ['string', 'int32'] as const);
      if (cursorConversation !== conversationId || seq < 1) throw badCursor();
      return seq;
    };
    const before = seqCursor(request.before);
    const after = seqCursor(request.after);
    if (before !== undefined && before < 2) throw badCursor();
    const latest = before === undefined && after === undefined && request.around === undefined;
    return this.read(options, async (tx) => {
      // The latest page (opening a thread) goes out beside the row where the browser can read it
      // so; the rows are dropped unread if the viewer may not see the conversation.
      const [{ row, version }, early] = await Promise.all([
        this.visibleConversation(tx, conversationId),
        latest ? newestMessages(tx, conversationId, limit) : undefined,
      ]);
      if (before !== undefined && before > row.lastSeq + 1) throw badCursor();
      if (after !== undefined && after > row.lastSeq) throw badCursor();
      // Seqs have no gaps, so the page is exactly this key range: no scan, no skipping.
      let newest = before !== undefined ? before - 1 : row.lastSeq;
      let oldest = Math.max(1, newest - limit + 1);
      if (after !== undefined) {
        oldest = after + 1;
        newest = Math.min(row.lastSeq, after + limit);
      } else if (request.around !== undefined) {
        const focus = await tx.objectStore('messages').get(request.around);
        if (!focus || focus.conversationId !== conversationId) throw messageNotFound();
        [oldest, newest] = pageAround(focus.seq, row.lastSeq, limit);
      }
      const rows =
        early ??
        (oldest > newest
          ? []
          : await tx
              .objectStore('messages')
              .index('bySeq')
              .getAll(IDBKeyRange.bound([conversationId, oldest], [conversationId, newest])));
      const items = await viewMessages(tx, this.host.database.directory, rows, this.viewerId, version);
      const windowed = after !== undefined || request.around !== undefined;
      return {
        items,
        ...(oldest > 1 && (before !== undefined || after === undefined)
          ? { before: encodeCursor([conversationId, oldest]) }
          : {}),
        ...(windowed && newest < row.lastSeq ? { after: encodeCursor([conversationId, newest]) } : {}),
      };
    });
  }

  async searchConversations(
    query: string,
    options?: SearchConversationsOptions,
  ): Promise<ConversationSearchResults> {
    const request = parseConversationSearchRequest(query, options);
    return this.read(options, async (tx) =>
      searchConversations(
        tx,
        this.host.database.directory,
        await loadViewerContext(tx, this.viewerId),
        request,
      ),
    );
  }

  async startConversation(
    input: StartConversationInput,
    options?: RequestOptions,
  ): Promise<StartConversationResult> {
    const request = parseStartRequest(input, this.viewerId, this.host.database.policy);
    const outcome = await this.write(options, async (tx) => {
      const viewer = await loadViewerContext(tx, this.viewerId);
      const exists = await Promise.all(
        request.recipients.map((ref) =>
          tx.objectStore(ref.kind === 'member' ? 'members' : 'groups').count(ref.id),
        ),
      );
      const { sender, participants } = mayStart({
        viewer,
        asGroup: request.asGroup,
        recipients: request.recipients,
        unknown: request.recipients.filter((_, i) => exists[i] === 0),
      });
      const earlier = await this.earlierAnswer(tx, viewer, request.clientId, { participants });
      if (!earlier) {
        assertMayStartTo(
          await participantStatuses(tx, request.recipients),
          await recipientFacts(tx, this.viewerId, recipientsToJudge(participants, this.viewerId)),
        );
      }
      const appended = earlier ?? (await this.startOrContinue(tx, sender, participants, request));
      const [conversation] = await viewConversations(tx, this.host.database.directory, this.viewerId, [
        appended.conversation,
      ]);
      const [message] = await viewMessages(
        tx,
        this.host.database.directory,
        [appended.message],
        this.viewerId,
      );
      return { appended, result: { conversation: conversation!, message: message! } };
    });
    if (outcome.appended.fresh) this.announce(messageNotice(outcome.appended));
    return outcome.result;
  }

  async sendMessage(input: SendMessageInput, options?: RequestOptions): Promise<Message> {
    const request = parseSendRequest(input, this.host.database.policy);
    const outcome = await this.write(options, async (tx) => {
      const [viewer, row] = await Promise.all([
        loadViewerContext(tx, this.viewerId),
        tx.objectStore('conversations').get(request.conversationId),
      ]);
      const sender = maySend({
        viewer,
        asGroup: request.asGroup,
        conversation: row && conversationFacts(row),
      });
      const earlier = await this.earlierAnswer(tx, viewer, request.clientId, {
        conversationId: request.conversationId,
      });
      if (!earlier) {
        assertMaySendTo(
          this.viewerId,
          sender,
          await participantStatuses(tx, row!.participants),
          await recipientFacts(tx, this.viewerId, recipientsToJudge(row!.participants, this.viewerId)),
        );
      }
      const appended = earlier ?? (await this.append(tx, { existing: row! }, request));
      const [message] = await viewMessages(
        tx,
        this.host.database.directory,
        [appended.message],
        this.viewerId,
      );
      return { appended, message: message! };
    });
    if (outcome.appended.fresh) this.announce(messageNotice(outcome.appended));
    return outcome.message;
  }

  async markRead(id: ConversationId, messageId: MessageId, options?: RequestOptions): Promise<void> {
    const { conversationId, upTo } = parseMarkReadRequest(id, messageId);
    const moved = await this.write(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      const message = await tx.objectStore('messages').get(upTo);
      if (!message || message.conversationId !== conversationId) throw messageNotFound();
      const reads = tx.objectStore('reads');
      const current = await reads.get([this.viewerId, conversationId]);
      const moves = readMarkerMoves(current?.readSeq, message.seq);
      // The member's own marker (S21) moves even where their writing already read the message.
      const marks = readMarkerMoves(current?.markerSeq, message.seq);
      // Reading a conversation marked unread (S31) clears the mark, wherever the marker is.
      if (!moves && !marks && !current?.markedUnread) return undefined;
      const { markedUnread: _cleared, ...kept } = current ?? {};
      const next = {
        ...kept,
        memberId: this.viewerId,
        conversationId,
        readSeq: moves ? message.seq : (current?.readSeq ?? 0),
        ...(marks ? { markerSeq: message.seq } : {}),
      };
      await Promise.all([
        reads.put(next),
        adjustUnread(tx, this.viewerId, countedOf(row.lastSeq, current), countedOf(row.lastSeq, next)),
      ]);
      // Only a moved read position or a cleared mark is news to the member's tabs and others.
      if (!moves && !current?.markedUnread) return undefined;
      return { readSeq: next.readSeq, lastSeq: row.lastSeq, previousSeq: current?.readSeq ?? 0 };
    });
    if (moved) {
      this.announce({ type: 'read', memberId: this.viewerId, conversationId, upTo, ...moved });
    }
  }

  async getSeenBy(id: ConversationId, options?: RequestOptions): Promise<SeenBy> {
    const conversationId = parseConversationId(id);
    return this.read(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      return seenByIn(tx, this.host.database.directory, this.viewerId, row);
    });
  }

  async sendTyping(id: ConversationId, options?: RequestOptions): Promise<void> {
    const conversationId = parseConversationId(id);
    const shares = await this.read(options, async (tx) => {
      await this.visibleConversation(tx, conversationId);
      return sharesReceipts(await tx.objectStore('settings').get(this.viewerId));
    });
    if (!shares) return;
    const now = Date.now();
    assertTypingAllowed(this.typingSentAt.get(conversationId), now);
    this.typingSentAt.set(conversationId, now);
    this.announce({ type: 'typing', memberId: this.viewerId, conversationId });
  }

  async setMuted(id: ConversationId, muted: boolean, options?: RequestOptions): Promise<Conversation> {
    const request = parseMuteRequest(id, muted);
    return this.changeOwnView(request.conversationId, options, (tx, row) =>
      writeMuted(tx, this.viewerId, row, request.muted),
    );
  }

  async markUnread(id: ConversationId, options?: RequestOptions): Promise<Conversation> {
    const conversationId = parseConversationId(id);
    return this.changeOwnView(conversationId, options, (tx, row) =>
      writeMarkedUnread(tx, this.viewerId, row),
    );
  }

  async leaveConversation(id: ConversationId, options?: RequestOptions): Promise<void> {
    const conversationId = parseConversationId(id);
    const appended = await this.write(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      assertMayLeave(this.viewerId, row.participants);
      return writeLeave(tx, this.viewerId, row, await this.host.database.tick(tx));
    });
    this.typingSentAt.delete(conversationId);
    this.announce({ type: 'left', memberId: this.viewerId, conversationId });
    this.announce(messageNotice(appended));
  }

  async getUnreadSummary(options?: UnreadSummaryOptions): Promise<UnreadSummary> {
    const byGroup = parseUnreadSummaryRequest(options);
    return this.read(options, async (tx) => {
      const context = await loadViewerContext(tx, this.viewerId);
      const [totals, groups] = await Promise.all([
        readUnread(tx, this.viewerId),
        byGroup ? unreadByGroup(tx, this.viewerId, await readableInViewerOrder(tx, context)) : undefined,
      ]);
      const summary = { total: totals?.total ?? 0, conversations: totals?.conversations ?? 0 };
      return groups ? { ...summary, groups } : summary;
    });
  }

  async getSettings(options?: RequestOptions): Promise<NotificationSettings> {
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      return settingsOf(await tx.objectStore('settings').get(this.viewerId));
    });
  }

  async updateSettings(
    patch: Partial<NotificationSettings>,
    options?: RequestOptions,
  ): Promise<NotificationSettings> {
    const parsed = parseSettingsPatch(patch);
    const result = await this.write(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      const store = tx.objectStore('settings');
      const decided = applySettingsPatch(settingsOf(await store.get(this.viewerId)), parsed);
      if (decided.changed) await store.put({ memberId: this.viewerId, ...decided.settings });
      return decided;
    });
    if (result.changed)
      this.announce({ type: 'settings', memberId: this.viewerId, settings: result.settings });
    return result.settings;
  }

  async report(input: ReportInput, options?: RequestOptions): Promise<{ readonly id: string }> {
    const { target, reason } = parseReportRequest(input, this.host.database.policy);
    return this.write(options, async (tx) => {
      await this.visibleConversation(tx, target.conversationId);
      if (target.kind === 'message') {
        const message = await tx.objectStore('messages').get(target.messageId);
        if (!message || message.conversationId !== target.conversationId) throw messageNotFound();
      }
      const at = await this.host.database.tick(tx);
      const report: Report = {
        id: createClientId(),
        target,
        reason,
        reportedBy: this.viewerId,
        createdAt: at,
      };
      await tx.objectStore('reports').add(report);
      return { id: report.id };
    });
  }

  async blockMember(memberId: MemberId, options?: RequestOptions): Promise<void> {
    await this.setBlock(memberId, true, options);
  }

  async unblockMember(memberId: MemberId, options?: RequestOptions): Promise<void> {
    await this.setBlock(memberId, false, options);
  }

  async listBlockedMembers(options?: RequestOptions): Promise<readonly Member[]> {
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      return listBlocked(tx, this.viewerId);
    });
  }

  async editMessage(input: EditMessageInput, options?: RequestOptions): Promise<Message> {
    const request = parseEditRequest(input, this.host.database.policy);
    return this.change(options, request, (facts, now) =>
      decideEdit({ ...facts, body: request.body, now, policy: this.host.database.policy }) === 'edit'
        ? (row, at) => ({ ...row, body: request.body, editedAt: at })
        : undefined,
    );
  }

  async deleteMessage(input: MessageInput, options?: RequestOptions): Promise<Message> {
    const request = parseMessageRef(input);
    return this.change(options, request, (facts) =>
      decideDelete(facts) === 'delete'
        ? ({ reactions: _gone, editedAt: _edited, ...row }) => ({ ...row, body: '', deleted: true })
        : undefined,
    );
  }

  async react(input: ReactionInput, options?: RequestOptions): Promise<Message> {
    const request = parseReactionRequest(input, this.host.database.policy);
    const { emoji, on } = request;
    const mine = (reaction: { emoji: string; memberId: string }) =>
      reaction.emoji === emoji && reaction.memberId === this.viewerId;
    return this.change(options, request, (facts, _now, row) =>
      decideReaction({ ...facts, on, reactedAlready: (row?.reactions ?? []).some(mine) })
        ? (stored) => {
            const kept = (stored.reactions ?? []).filter((reaction) => !mine(reaction));
            const reactions = on ? [...kept, { emoji, memberId: this.viewerId }] : kept;
            const { reactions: _old, ...rest } = stored;
            return reactions.length > 0 ? { ...rest, reactions } : rest;
          }
        : undefined,
    );
  }

  subscribe(listener: AdapterEventListener): Unsubscribe {
    return this.events.subscribe(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.close();
    this.host.detach(this);
  }

  /** A change to the viewer's own view of a conversation (S29, S31), announced when it changed. */
  private async changeOwnView(
    conversationId: ConversationId,
    options: RequestOptions | undefined,
    change: (tx: WriteTx, row: ConversationRow) => Promise<boolean>,
  ): Promise<Conversation> {
    const { conversation, changed } = await this.write(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      const changed = await change(tx, row);
      const [conversation] = await viewConversations(tx, this.host.database.directory, this.viewerId, [row]);
      return { conversation: conversation!, changed };
    });
    if (changed) this.announce({ type: 'conversation', memberId: this.viewerId, conversationId });
    return conversation;
  }

  /** S25, S26: one change of a stored message, decided by `decide` (see `./message-changes.ts`). */
  private async change(
    options: RequestOptions | undefined,
    request: { readonly conversationId: string; readonly messageId: string },
    decide: MessageChange,
  ): Promise<Message> {
    const outcome = await this.write(options, async (tx) => {
      const viewer = await loadViewerContext(tx, this.viewerId);
      const changed = await changeMessage(tx, this.host.database, viewer, request, decide);
      const [message] = await viewMessages(
        tx,
        this.host.database.directory,
        [changed.message],
        this.viewerId,
      );
      return { changed, message: message! };
    });
    if (outcome.changed.written) {
      this.announce({
        type: 'changed',
        conversation: outcome.changed.conversation,
        message: outcome.changed.message,
      });
    }
    return outcome.message;
  }

  /** Tells every adapter on this database, this one included, of a committed change. */
  private announce(notice: Notice): void {
    if (!this.closed) this.events.announce(notice);
  }

  /** S15: the viewer's block of a member, set or lifted. Only the viewer's other tabs need to hear. */
  private async setBlock(input: unknown, blocked: boolean, options?: RequestOptions): Promise<void> {
    const memberId = parseBlockRequest(input, this.viewerId);
    await this.write(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      return writeBlock(tx, this.viewerId, memberId, blocked, () => this.host.database.tick(tx));
    });
  }

  /**
   * The conversation, if the viewer is in it; to anyone else it does not exist (S5). With the
   * directory's version, read beside it, for the names that follow.
   */
  private async visibleConversation(
    tx: ReadTx,
    id: string,
  ): Promise<{ row: ConversationRow; context: ViewerContext; version: string }> {
    const [version, row] = await Promise.all([directoryVersion(tx), tx.objectStore('conversations').get(id)]);
    const context = await this.host.database.directory.viewer(tx, version, this.viewerId);
    assertMayRead(context, row && conversationFacts(row));
    return { row: row!, context, version };
  }

  /**
   * The answer first given to this client id, when the request repeats it: a retry stores
   * nothing and announces nothing (see `decideEarlierAnswer`: a client id used in another
   * conversation is a conflict; a conversation no longer visible is not found).
   */
  private async earlierAnswer(
    tx: ReadTx,
    viewer: ViewerContext,
    clientId: string,
    requested: { readonly conversationId: string } | { readonly participants: readonly PartyRef[] },
  ): Promise<(Appended & { fresh: false }) | undefined> {
    const message = await tx.objectStore('messages').index('byClientId').get([this.viewerId, clientId]);
    const conversation = message && (await tx.objectStore('conversations').get(message.conversationId));
    if (message && !conversation) throw conversationNotFound();
    const earlier = conversation && conversationFacts(conversation);
    if (decideEarlierAnswer({ viewer, earlier, requested }) === 'new') return undefined;
    return { conversation: conversation!, message: message!, created: false, fresh: false };
  }

  /** Continues the conversation with exactly these participants (the sender first), or starts it. */
  private async startOrContinue(
    tx: WriteTx,
    sender: PartyRef,
    participants: readonly PartyRef[],
    draft: { clientId: string; body: string; asGroup?: string | undefined },
  ): Promise<Appended & { fresh: true }> {
    const found = await tx
      .objectStore('conversations')
      .index('byParticipantSet')
      .get(participantSetKey(participants.map(partyKey)));
    if (!found) return this.append(tx, { fresh: { participants, startedBy: sender } }, draft);
    // One who left and writes to the same people again takes part again (S29).
    const existing = rejoined(found, this.viewerId);
    const appended = await this.append(tx, { existing }, draft);
    if (existing !== found) await recountUnread(tx, this.viewerId);
    return appended;
  }

  private async append(
    tx: WriteTx,
    target: Parameters<typeof appendMessage>[1],
    draft: { clientId: string; body: string; asGroup?: string | undefined },
  ): Promise<Appended & { fresh: true }> {
    const at = await this.host.database.tick(tx);
    const appended = await appendMessage(tx, target, {
      authorId: this.viewerId,
      clientId: draft.clientId,
      body: draft.body,
      at,
      ...(draft.asGroup === undefined ? {} : { onBehalfOf: draft.asGroup }),
    });
    return { ...appended, fresh: true };
  }

  private async read<T>(options: RequestOptions | undefined, work: (tx: ReadTx) => Promise<T>): Promise<T> {
    await this.whenReady(options?.signal);
    return this.host.database.read(options?.signal, work);
  }

  private async write<T>(options: RequestOptions | undefined, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    await this.whenReady(options?.signal);
    return this.host.database.write(options?.signal, work);
  }

  private async whenReady(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    if (this.closed) throw new UnavailableError('This conversation adapter has been closed.');
    await settleOrAbort(signal, this.host.ready());
  }
}

function messageNotice(appended: Appended): Notice {
  return {
    type: 'message',
    created: appended.created,
    conversation: appended.conversation,
    message: appended.message,
  };
}

function settingsOf(row: NotificationSettings | undefined): NotificationSettings {
  // The row's own keys only, as the rulebook shapes them (defaults left out).
  return normalizeSettings(row ?? DEFAULT_NOTIFICATION_SETTINGS);
}
