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

export type Notice = MessageNotice | ReadNotice | SettingsNotice | DirectoryNotice | ChangedNotice;

export function channelName(databaseName: string): string {
  return `conv-elements:local:${databaseName}`;
}

export function isNotice(value: unknown): value is Exclude<Notice, ChangedNotice> {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'message' || type === 'read' || type === 'settings' || type === 'directory';
}
