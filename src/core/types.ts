/**
 * The domain of private conversations, as plain data.
 *
 * Everything here is JSON-safe (strings, numbers, booleans, arrays, plain objects) so that the
 * same values travel through IndexedDB, `BroadcastChannel`, HTTP and `postMessage` unchanged.
 * Times are milliseconds since the Unix epoch (UTC).
 */

export type MemberId = string;
export type GroupId = string;
export type ConversationId = string;
export type MessageId = string;
/** An id made by the client before it sends, so that a retry is recognised as the same request. */
export type ClientId = string;

/** A person registered on the portal. */
export interface Member {
  readonly kind: 'member';
  readonly id: MemberId;
  readonly name: string;
  /** An http(s) URL of a square picture; elements show initials without it. */
  readonly avatarUrl?: string;
  /** The member's profile page on the portal, if it has one. */
  readonly profileUrl?: string;
}

/** A group registered on the portal. Every member of a group sees the group's conversations. */
export interface Group {
  readonly kind: 'group';
  readonly id: GroupId;
  readonly name: string;
  readonly avatarUrl?: string;
  readonly profileUrl?: string;
}

/** Anyone a conversation can be held with: a member or a group. */
export type Party = Member | Group;
export type PartyKind = Party['kind'];

/** A reference to a member or a group, as a request names it. */
export interface PartyRef {
  readonly kind: PartyKind;
  readonly id: string;
}

/** The member using the portal now, and the groups they may act for (those they manage). */
export interface Viewer {
  readonly member: Member;
  /** Groups the viewer manages: they may start a conversation as one of these (S4). */
  readonly managedGroups: readonly Group[];
  /** Every group the viewer belongs to, managed or not: its conversations are theirs to see (S3). */
  readonly groups: readonly Group[];
}

/** A message as stored, seen by any participant. */
export interface Message {
  readonly id: MessageId;
  readonly conversationId: ConversationId;
  /** The id the sender's client made; (author, clientId) is unique. */
  readonly clientId: ClientId;
  /** The member who wrote it. */
  readonly author: Member;
  /** Set when the author wrote as a group they manage (S4). */
  readonly onBehalfOf?: Group;
  /** The trimmed text. Always rendered as text, never as HTML. */
  readonly body: string;
  readonly sentAt: number;
}

/** A conversation as one viewer sees it. */
export interface Conversation {
  readonly id: ConversationId;
  /** Everyone in it, the one who started it included, in the order they were named. */
  readonly participants: readonly Party[];
  /** Who started it: a member, or a group (through one of its managers). */
  readonly startedBy: PartyRef;
  readonly createdAt: number;
  /** The time of the newest message; conversations list newest activity first. */
  readonly lastActivityAt: number;
  readonly lastMessage?: Message;
  /** Messages the viewer has not read yet. */
  readonly unreadCount: number;
}

/** A page of a list, with the cursor of the next page when there is one. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque. Absent on the last page. */
  readonly next?: string;
}

/** A page of messages, oldest first within the page; `before` fetches the older ones. */
export interface MessagePage {
  readonly items: readonly Message[];
  /** Opaque cursor for the page of older messages. Absent when there are none. */
  readonly before?: string;
  /**
   * Opaque cursor for the page of newer messages: only on a page loaded `around` a message or
   * `after` a cursor, when newer messages exist.
   */
  readonly after?: string;
}

export interface UnreadSummary {
  /** Unread messages across all of the viewer's conversations. */
  readonly total: number;
  /** Conversations with at least one unread message. */
  readonly conversations: number;
}

/** How a member wants to hear of new messages (S10). */
export interface NotificationSettings {
  readonly inApp: boolean;
  readonly email: boolean;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = Object.freeze({
  inApp: true,
  email: true,
});

/** What a participant can report to the portal (S7). */
export type ReportTarget =
  | { readonly kind: 'conversation'; readonly conversationId: ConversationId }
  | {
      readonly kind: 'message';
      readonly conversationId: ConversationId;
      readonly messageId: MessageId;
    };

export interface Report {
  readonly id: string;
  readonly target: ReportTarget;
  readonly reason: string;
  readonly reportedBy: MemberId;
  readonly createdAt: number;
}

/** A directory the portal keeps: who exists, and who belongs to which group (see `core/directory`). */
export interface DirectoryData {
  /** `email`: where notifications go (S10); a backend that sends no email ignores it. */
  readonly members: readonly (Omit<Member, 'kind'> & { readonly email?: string })[];
  readonly groups: readonly (Omit<Group, 'kind'> & {
    readonly managers: readonly MemberId[];
    readonly members: readonly MemberId[];
  })[];
}

export type GroupRole = 'member' | 'manager';

export function partyRef(party: PartyRef): PartyRef {
  return { kind: party.kind, id: party.id };
}

export function sameParty(a: PartyRef, b: PartyRef): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** A stable string for a party, used as a key: `m:<id>` or `g:<id>`. */
export function partyKey(party: PartyRef): string {
  return `${party.kind === 'member' ? 'm' : 'g'}:${party.id}`;
}
