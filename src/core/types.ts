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

/** S16, S17: a member the portal's moderators blocked, or one the portal deleted (`core/member-status`). */
export type MemberStatus = 'blocked' | 'deleted';

/** S18: who reads a group's conversations: every member (default) or its managers only (`core/group-readers`). */
export type GroupReaders = 'members' | 'managers';

/** A person registered on the portal. */
export interface Member {
  readonly kind: 'member';
  readonly id: MemberId;
  readonly name: string;
  /** An http(s) URL of a square picture; elements show initials without it. */
  readonly avatarUrl?: string;
  /** The member's profile page on the portal, if it has one. */
  readonly profileUrl?: string;
  /**
   * Set (to `false`) in search results and `getParty` when this member does not accept messages
   * from the viewer (S14, S15). It never says why: a block and a "followed only" setting read the
   * same (see `core/acceptance`).
   */
  readonly accepting?: false;
  /**
   * Set when the portal blocked (S16) or deleted (S17) the member: `name` is then empty and there
   * is no avatar or profile link; the elements show "Blocked member" / "Deleted member".
   */
  readonly status?: MemberStatus;
}

/** A group registered on the portal. Every member of a group sees the group's conversations. */
export interface Group {
  readonly kind: 'group';
  readonly id: GroupId;
  readonly name: string;
  readonly avatarUrl?: string;
  readonly profileUrl?: string;
  /** S18: present when only the group's managers read its conversations (`'managers'`). */
  readonly readers?: GroupReaders;
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
  /** The trimmed text. Always rendered as text, never as HTML. Empty when `deleted`. */
  readonly body: string;
  readonly sentAt: number;
  /** When its author last edited it (S25); absent when never edited. */
  readonly editedAt?: number;
  /** Set when its author deleted it (S25) or the portal erased it: the body is then empty. */
  readonly deleted?: true;
  /** Reactions from the portal's set (S26), in the set's order; absent or empty when none. */
  readonly reactions?: readonly Reaction[];
  /**
   * Set on an entry the conversation itself wrote rather than a member (S29): `'left'` is "the
   * author left", with an empty body. Shown as a line of the thread, never as a message bubble.
   */
  readonly system?: 'left';
}

/** One emoji on a message, as one viewer sees it (S26). Only participants ever see these. */
export interface Reaction {
  readonly emoji: string;
  readonly count: number;
  /** Whether the viewer is among those who reacted. */
  readonly mine: boolean;
  /** Who reacted, in the order they did: members (with their names, when the backend knows them). */
  readonly by: readonly PartyRef[];
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
  /**
   * Messages the viewer has not read yet; at least 1 when they marked it unread (S31) until they
   * read it again.
   */
  readonly unreadCount: number;
  /**
   * The viewer muted it (S29): no notifications of it, in the app or by email, and its unread
   * messages do not count in the envelope's total. Absent: not muted.
   */
  readonly muted?: boolean;
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
  /**
   * S18, when asked for (`byGroup`) of a backend with the `group-readers` capability: the same
   * counts for each group whose conversations the viewer reads, in the order of `Viewer.groups`
   * (a group with nothing unread is listed with zeros).
   */
  readonly groups?: readonly GroupUnread[];
}

/** One group's part of the unread summary (S18). */
export interface GroupUnread {
  readonly groupId: GroupId;
  readonly total: number;
  readonly conversations: number;
}

/** How a member wants to hear of new messages (S10). */
export interface NotificationSettings {
  readonly inApp: boolean;
  readonly email: boolean;
  /**
   * S27/S28: whether the member shares read receipts ("Seen") and typing, and so sees those of
   * others. Absent means on, the default; backends give `false` only.
   */
  readonly readReceipts?: boolean;
  /**
   * S14: who may start a conversation with the member or write to one they are in. Absent means
   * `'anyone'` (the default, and all an adapter without the `accept-setting` capability serves):
   * backends leave it out unless it is `'followed'`.
   */
  readonly acceptFrom?: AcceptFrom;
  /**
   * S22: how emails come. Absent means `'first-unread'` (the default: one email per conversation
   * until it is read); `'digest'` is one email at most every few hours (the portal's setting)
   * listing every conversation with unread messages. Backends leave it out unless it is `'digest'`.
   */
  readonly emailMode?: EmailMode;
}

/** S14: from anyone, or only from members the member follows (the portal's follows). */
export type AcceptFrom = 'anyone' | 'followed';

/** S22: one email per conversation until read, or a digest. */
export type EmailMode = 'first-unread' | 'digest';

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = Object.freeze({
  inApp: true,
  email: true,
});

/**
 * Who has read the viewer's own latest message of a conversation (S27): the other members, with
 * read receipts on, whose read marker reached it. Empty when the viewer turned receipts off, or
 * has written nothing there (`messageId` absent).
 */
export interface SeenBy {
  readonly conversationId: ConversationId;
  /** The viewer's newest message of the conversation. */
  readonly messageId?: MessageId;
  /** In the order they read it. */
  readonly readers: readonly Member[];
}

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
  readonly members: readonly (Omit<Member, 'kind' | 'accepting'> & {
    readonly email?: string;
    /** S14: the members this member follows on the portal. */
    readonly follows?: readonly MemberId[];
    /** S22: the member's language (a BCP 47 tag); their emails are written in it. */
    readonly locale?: string;
  })[];
  readonly groups: readonly (Omit<Group, 'kind'> & {
    /** S18: who reads the group's conversations; default `'members'`. */
    readonly readers?: GroupReaders;
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
