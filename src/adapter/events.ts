/**
 * What an adapter tells its subscribers. Each event is about the adapter's viewer only: an
 * adapter never announces a conversation the viewer cannot see (S5). One change gives one event
 * per subscribed adapter, whichever tab or process made the change.
 */
import type {
  Conversation,
  ConversationId,
  Message,
  MessageId,
  NotificationSettings,
  Viewer,
} from '../core/types.js';

/** A new message in a conversation the viewer already knew of. */
export interface MessageAddedEvent {
  readonly type: 'message-added';
  readonly message: Message;
  /** The conversation as the viewer sees it after the message (activity, unread count). */
  readonly conversation: Conversation;
}

/**
 * A message the viewer can see was edited, deleted or reacted to (S25, S26): replace the copy
 * held by id. Never a new message: unread counts and notifications are not touched.
 */
export interface MessageChangedEvent {
  readonly type: 'message-changed';
  readonly message: Message;
  /** The conversation as the viewer sees it now (its last message may be the one changed). */
  readonly conversation: Conversation;
}

/** A conversation the viewer is in was started (by them, or by someone else). */
export interface ConversationAddedEvent {
  readonly type: 'conversation-added';
  readonly conversation: Conversation;
  /** Its first message. */
  readonly message: Message;
}

/** The viewer's read position in a conversation moved (in this tab or another). */
export interface ReadChangedEvent {
  readonly type: 'read-changed';
  readonly conversationId: ConversationId;
  /** The newest message now read. */
  readonly upTo: MessageId;
  /** The viewer's unread messages left in that conversation. */
  readonly unreadCount: number;
}

export interface SettingsChangedEvent {
  readonly type: 'settings-changed';
  readonly settings: NotificationSettings;
}

/**
 * The viewer's memberships changed (joined or left a group, gained or lost a manager role).
 * Conversations may have appeared or become unreadable: reload the list.
 */
export interface ViewerChangedEvent {
  readonly type: 'viewer-changed';
  readonly viewer: Viewer;
}

export type AdapterEvent =
  | MessageAddedEvent
  | ConversationAddedEvent
  | ReadChangedEvent
  | SettingsChangedEvent
  | ViewerChangedEvent
  | MessageChangedEvent;

export type AdapterEventType = AdapterEvent['type'];
export type AdapterEventListener = (event: AdapterEvent) => void;
export type Unsubscribe = () => void;
