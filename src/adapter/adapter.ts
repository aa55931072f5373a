/**
 * The contract every backend implements. Elements and the client speak only this; the local
 * (IndexedDB) and HTTP adapters, and any portal's own, implement it.
 *
 * Rules every implementation keeps (the conformance suite in `./conformance/` checks them):
 * - An adapter instance serves one viewer, fixed when it is made.
 * - Every method is async, returns plain data, and rejects only with the typed errors of
 *   `core/errors` (or the signal's reason when aborted). A refused request changes nothing.
 * - Only participants see a conversation: members named in it, and members of groups named in
 *   it. To anyone else it does not exist (`NotFoundError`, never `ForbiddenError`).
 * - `startConversation` and `sendMessage` are idempotent on `clientId`: the same id again returns
 *   the first answer and stores nothing new.
 * - Limits come from `getPolicy()` and are checked with the functions of `core/policy`.
 */
import type { Policy } from '../core/policy.js';
import type { ConversationSearchResults } from '../core/search.js';
import type {
  ClientId,
  Conversation,
  ConversationId,
  GroupId,
  Member,
  MemberId,
  Message,
  MessageId,
  MessagePage,
  NotificationSettings,
  Page,
  Party,
  PartyKind,
  PartyRef,
  ReportTarget,
  SeenBy,
  UnreadSummary,
  Viewer,
} from '../core/types.js';
import type { Capability } from './capabilities.js';
import type { AdapterEventListener, Unsubscribe } from './events.js';

/** Options every I/O method takes. */
export interface RequestOptions {
  /** Aborting rejects the request with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface SearchOptions extends RequestOptions {
  /** At most this many results (1 to 100, default 20). */
  readonly limit?: number;
  /** Only members, or only groups. */
  readonly kind?: PartyKind;
}

export interface ListConversationsOptions extends RequestOptions {
  /** The `next` cursor of the previous page. */
  readonly after?: string;
  /** Page size, 1 to 100 (default 50). */
  readonly limit?: number;
  /**
   * S18 (capability `group-readers`): only the conversations held with this group, one whose
   * conversations the viewer reads; any other group id gives an empty list.
   */
  readonly group?: GroupId;
}

/** `getUnreadSummary` options. */
export interface UnreadSummaryOptions extends RequestOptions {
  /**
   * S18 (capability `group-readers`): also count per group the viewer reads (`groups`). Left
   * out, the summary is the totals alone, as small as the badge needs.
   */
  readonly byGroup?: boolean;
}

export interface ListMessagesOptions extends RequestOptions {
  /** The `before` cursor of the previous (newer) page. */
  readonly before?: string;
  /**
   * The `after` cursor of a page loaded `around` a message: the next newer page. An adapter that
   * declares `'search'` serves it.
   */
  readonly after?: string;
  /**
   * The page with this message in its middle (a search result's jump, S30), with a `before`
   * cursor when older messages exist and an `after` cursor when newer ones do. A message not in
   * this conversation is `NotFoundError`. An adapter that declares `'search'` serves it.
   */
  readonly around?: MessageId;
  /** Page size, 1 to 100 (default 50). */
  readonly limit?: number;
}

export interface SearchConversationsOptions extends RequestOptions {
  /** At most this many conversations by name, and as many messages by text (1 to 100, default 20). */
  readonly limit?: number;
}

export interface StartConversationInput {
  /** Whom to talk with: members and groups, one to `policy.maxInvitees`. */
  readonly recipients: readonly PartyRef[];
  /** The first message. */
  readonly body: string;
  /** Start it as this group, which the viewer must manage (S4). */
  readonly asGroup?: GroupId;
  /** Made by the client; a retry with the same id returns the same answer. */
  readonly clientId: ClientId;
}

export interface StartConversationResult {
  /**
   * The conversation: a new one, or the existing one with exactly the same participants, which
   * the message continues (1:1 conversations are reused, not duplicated).
   */
  readonly conversation: Conversation;
  readonly message: Message;
}

export interface SendMessageInput {
  readonly conversationId: ConversationId;
  readonly body: string;
  /** Write as this group: the viewer must manage it and it must be a participant. */
  readonly asGroup?: GroupId;
  readonly clientId: ClientId;
}

export interface ReportInput {
  readonly target: ReportTarget;
  readonly reason: string;
}

/** Which message: its conversation and its id. */
export interface MessageInput {
  readonly conversationId: ConversationId;
  readonly messageId: MessageId;
}

/** S25: the new text of one's own message, within the policy's edit window. */
export interface EditMessageInput extends MessageInput {
  readonly body: string;
}

/** S26: one of the portal's reactions, on (added) or off (taken back), for the viewer. */
export interface ReactionInput extends MessageInput {
  readonly emoji: string;
  readonly on: boolean;
}

export interface ConversationsAdapter {
  /**
   * Names the backend this adapter talks to (a server's URL, a database's name). Clients key
   * their caches and outboxes by it and the viewer, so two backends on one origin never paint
   * each other's data. Optional: without it, caches are keyed by the viewer alone.
   */
  readonly scope?: string;

  /**
   * The optional parts of the contract this backend serves (see `./capabilities.ts`). Without
   * it, none: the elements then offer only what every adapter must do.
   */
  readonly capabilities?: readonly Capability[];

  /** Who is viewing, and the groups they belong to and manage. */
  getViewer(options?: RequestOptions): Promise<Viewer>;
  /** The limits this backend enforces. */
  getPolicy(options?: RequestOptions): Promise<Policy>;

  /** Members and groups whose name contains the query (case- and accent-insensitive). */
  searchDirectory(query: string, options?: SearchOptions): Promise<readonly Party[]>;
  /**
   * Capability `'search'` (S30): the viewer's conversations with a participant whose name holds
   * the query, and the messages, in conversations the viewer can read, in which every word of
   * the query begins a word (`core/search.ts`). The query is parsed with
   * `parseConversationSearchRequest`: empty or over `LIMITS.maxQueryLength` is refused.
   */
  searchConversations?(
    query: string,
    options?: SearchConversationsOptions,
  ): Promise<ConversationSearchResults>;
  /** A member or group by reference; `NotFoundError` when there is none. */
  getParty(ref: PartyRef, options?: RequestOptions): Promise<Party>;

  /** The viewer's conversations, newest activity first. */
  listConversations(options?: ListConversationsOptions): Promise<Page<Conversation>>;
  /** One conversation the viewer is in; `NotFoundError` otherwise. */
  getConversation(id: ConversationId, options?: RequestOptions): Promise<Conversation>;
  /** Messages of a conversation: the newest page first; each page oldest first. */
  listMessages(id: ConversationId, options?: ListMessagesOptions): Promise<MessagePage>;

  startConversation(
    input: StartConversationInput,
    options?: RequestOptions,
  ): Promise<StartConversationResult>;
  sendMessage(input: SendMessageInput, options?: RequestOptions): Promise<Message>;

  /** Marks the conversation read up to and including `upTo`, for the viewer only. Never moves back. */
  markRead(id: ConversationId, upTo: MessageId, options?: RequestOptions): Promise<void>;
  getUnreadSummary(options?: UnreadSummaryOptions): Promise<UnreadSummary>;

  getSettings(options?: RequestOptions): Promise<NotificationSettings>;
  updateSettings(
    patch: Partial<NotificationSettings>,
    options?: RequestOptions,
  ): Promise<NotificationSettings>;

  /** Reports a message or a conversation the viewer is in to the portal (S7). */
  report(input: ReportInput, options?: RequestOptions): Promise<{ readonly id: string }>;

  /**
   * S27 (`'receipts'`): who has read the viewer's own latest message. Empty readers when the
   * viewer turned receipts off. Changes arrive as `seen-changed` events.
   */
  getSeenBy?(id: ConversationId, options?: RequestOptions): Promise<SeenBy>;

  /**
   * S28 (`'typing'`): tells the other participants the viewer is typing. Never stored; at most
   * one per `TYPING_INTERVAL_MS` (else `RateLimitedError`); does nothing when the viewer turned
   * receipts off. Others hear it as a `typing` event.
   */
  sendTyping?(id: ConversationId, options?: RequestOptions): Promise<void>;

  /** S29 (`'mute'`): mutes or unmutes the conversation for the viewer; returns it as they now see it. */
  setMuted?(id: ConversationId, muted: boolean, options?: RequestOptions): Promise<Conversation>;

  /**
   * S29 (`'leave'`): the viewer leaves a conversation of several people: the others see a
   * `system: 'left'` entry; the viewer no longer sees it (`NotFoundError` from then on) and hears
   * nothing more of it. A one-to-one is refused with `ForbiddenError('cannot-leave')`.
   */
  leaveConversation?(id: ConversationId, options?: RequestOptions): Promise<void>;

  /**
   * S31 (`'mark-unread'`): shows the conversation unread (at least 1) for the viewer until they
   * read it again (`markRead` of any of its messages); returns it as they now see it.
   */
  markUnread?(id: ConversationId, options?: RequestOptions): Promise<Conversation>;

  /**
   * S15 (capability `member-blocks`): the viewer blocks a member. The blocked member can then
   * neither start a conversation with the viewer nor write to one that names them, and is refused
   * exactly as by a member who does not accept them (`ForbiddenError('not-accepting')`): nothing
   * tells them of the block. Idempotent. A member id that names nobody is `NotFoundError`; the
   * viewer's own id is `bad-request`.
   */
  blockMember?(memberId: MemberId, options?: RequestOptions): Promise<void>;
  /** S15: lifts the viewer's block of the member. Idempotent; no block is not an error. */
  unblockMember?(memberId: MemberId, options?: RequestOptions): Promise<void>;
  /** S15: the members the viewer has blocked, by name. */
  listBlockedMembers?(options?: RequestOptions): Promise<readonly Member[]>;
  /**
   * S25 (capability `edit`): changes the text of one of the viewer's messages within the
   * policy's window (`ForbiddenError('edit-window-closed')` after it). Someone else's message, or
   * a deleted one, is `NotFoundError` like a missing one. Never notifies anyone again; the other
   * participants get `message-changed`. Resolves with the message as now stored.
   */
  editMessage?(input: EditMessageInput, options?: RequestOptions): Promise<Message>;
  /**
   * S25 (capability `delete`): deletes one of the viewer's messages, at any time. It keeps its
   * place as `deleted: true` with an empty body and no reactions. Deleting it again answers the
   * same and changes nothing.
   */
  deleteMessage?(input: MessageInput, options?: RequestOptions): Promise<Message>;
  /**
   * S26 (capability `reactions`): puts the viewer's reaction on a message, or takes it back.
   * An emoji outside `policy.reactions` is `ValidationError('bad-reaction')`. Idempotent.
   */
  react?(input: ReactionInput, options?: RequestOptions): Promise<Message>;
  /**
   * S21 (capability `'export'`): the viewer's data as one JSON document (`DataExport` of
   * `core/export.ts`, media type `application/json`), for them to download.
   */
  exportData?(options?: RequestOptions): Promise<Blob>;

  /** Live events for the viewer. Returns the function that stops them. */
  subscribe(listener: AdapterEventListener): Unsubscribe;

  /** Releases connections and channels. The adapter is not used after this. */
  close?(): void;
}
