/**
 * What one adapter tells the others after it changed something: plain rows as committed, on a
 * `BroadcastChannel` named after the database, so every adapter on that database in any tab of
 * the origin hears it. Each adapter then decides for its own viewer whether, and how, to announce
 * it; a notice never reaches a listener as it is.
 */
import type { NotificationSettings } from '../../core/types.js';
import type { ConversationRow, MessageRow } from './schema.js';

export interface MessageNotice {
  readonly type: 'message';
  /** True when the message started a new conversation. */
  readonly created: boolean;
  readonly conversation: ConversationRow;
  readonly message: MessageRow;
}

/** A stored message was edited, deleted or reacted to (S25, S26). */
export interface ChangedNotice {
  readonly type: 'changed';
  readonly conversation: ConversationRow;
  readonly message: MessageRow;
}

export interface ReadNotice {
  readonly type: 'read';
  readonly memberId: string;
  readonly conversationId: string;
  readonly upTo: string;
  readonly readSeq: number;
  readonly lastSeq: number;
  /** Where the marker was before (0: nowhere): "Seen by" changes for whose message it passed. */
  readonly previousSeq?: number;
}

/** S28: a member is typing. Never stored; only this notice carries it. */
export interface TypingNotice {
  readonly type: 'typing';
  readonly memberId: string;
  readonly conversationId: string;
}

/** S29/S31: a member's own view of a conversation changed (muted, marked unread). */
export interface ConversationNotice {
  readonly type: 'conversation';
  readonly memberId: string;
  readonly conversationId: string;
}

/** S29: a member left a conversation. */
export interface LeftNotice {
  readonly type: 'left';
  readonly memberId: string;
  readonly conversationId: string;
}

export interface SettingsNotice {
  readonly type: 'settings';
  readonly memberId: string;
  readonly settings: NotificationSettings;
}

/** Members whose record or group memberships changed. */
export interface DirectoryNotice {
  readonly type: 'directory';
  readonly memberIds: readonly string[];
}

export type Notice =
  | MessageNotice
  | ReadNotice
  | SettingsNotice
  | DirectoryNotice
  | TypingNotice
  | ConversationNotice
  | LeftNotice
  | ChangedNotice;

/** The notices `isNotice` accepts: a `changed` one is not among them (see `live-events.ts`). */
const NOTICE_TYPES: readonly unknown[] = [
  'message',
  'read',
  'settings',
  'directory',
  'typing',
  'conversation',
  'left',
] satisfies Exclude<Notice, ChangedNotice>['type'][];

export function channelName(databaseName: string): string {
  return `conv-elements:local:${databaseName}`;
}

export function isNotice(value: unknown): value is Exclude<Notice, ChangedNotice> {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return NOTICE_TYPES.includes(type);
}
