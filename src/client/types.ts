/**
 * The shapes of what the client shows and takes: the states its stores hold and its options. In a
 * module of their own so that the services, the idle states and the controllers can name them
 * without importing the client itself.
 */
import type { ErrorPayload } from '../core/errors.js';
import type {
  ClientId,
  Conversation,
  GroupId,
  MemberId,
  Message,
  MessageId,
  NotificationSettings,
  PartyRef,
} from '../core/types.js';
import type { RetryOptions } from './backoff.js';
import type { UnreadTotals } from './unread-totals.js';

/** A message as the client shows it: confirmed by the adapter, or still on its way. */
export interface ClientMessage extends Message {
  /**
   * `pending`: in the outbox (its `id` is the client id until the adapter gives it one);
   * `sent`: confirmed; `failed`: refused, waiting for the member to retry or discard it.
   */
  readonly status: 'pending' | 'sent' | 'failed';
  /** Why it failed; on a pending message, why the last attempt could not be delivered. */
  readonly error?: ErrorPayload;
}

export interface ConversationListState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** Newest activity first. */
  readonly items: readonly Conversation[];
  readonly hasMore: boolean;
  /** True while the items are the last known ones from the cache, not yet confirmed. */
  readonly fromCache: boolean;
  readonly error?: ErrorPayload;
}

export interface ThreadState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly conversation?: Conversation;
  /** Oldest first: confirmed messages, then the viewer's pending and failed ones in send order. */
  readonly messages: readonly ClientMessage[];
  readonly hasOlder: boolean;
  /** True while a window around a message (a search result) is shown and newer messages exist. */
  readonly hasNewer?: boolean;
  /** The message a search result opened the thread at (`showMessage`). */
  readonly focus?: MessageId;
  readonly error?: ErrorPayload;
}

export interface SettingsState {
  /** `error` with a `value`: saving failed and the value is the one still in force. */
  readonly status: 'idle' | 'loading' | 'ready' | 'saving' | 'error';
  readonly value?: NotificationSettings;
  readonly error?: ErrorPayload;
}

export interface IncomingMessage {
  readonly message: Message;
  readonly conversation: Conversation;
}

export interface ClientOptions {
  /**
   * The IndexedDB database of this client's cache and outbox. It must belong to one viewer of one
   * backend. Default: `conv-elements-cache:<adapter scope>:<viewer id>` (see `ConversationsAdapter.scope`).
   */
  readonly cacheName?: string;
  /**
   * The viewer's member id, when the page knows it: the cache can then be opened (and the last
   * known state painted) before the adapter has said who is viewing.
   */
  readonly viewerId?: MemberId;
  /** Waits between outbox deliveries the backend could not take, and how often a 500 is tried. */
  readonly retry?: RetryOptions;
  /** Conversations and messages per page, 1 to 100 (default 30). */
  readonly pageSize?: number;
  /** Close the adapter in `dispose()`: for adapters made only for this client. */
  readonly closeAdapterOnDispose?: boolean;
  /**
   * Unread totals already on the page (made over an `UnreadSource` for a badge, before anything
   * needed the whole client). The client then keeps these fed instead of making its own, so the
   * badge never switches between two sources; whoever made them disposes of them.
   */
  readonly unreadTotals?: UnreadTotals;
}

export interface StartConversationOptions {
  readonly recipients: readonly PartyRef[];
  readonly body: string;
  readonly asGroup?: GroupId;
  /** Pass the same id again to retry a start whose answer was lost: it lands once. */
  readonly clientId?: ClientId;
}
