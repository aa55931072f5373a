/**
 * The rules of presence (S27–S29, S31): who may see read receipts and typing, who may leave a
 * conversation, how often a member may say they are typing, and how mute and "mark as unread"
 * change the counts. Plain functions over facts a backend has loaded; every backend asks here.
 */
import { ForbiddenError, RateLimitedError } from './errors.js';
import type { MemberId, NotificationSettings, PartyRef } from './types.js';

/**
 * S28: at most one typing event per member and conversation in this many milliseconds. A field
 * sends one when typing starts and again while it goes on, so others' "is typing" lasts
 * `TYPING_SHOWN_MS` after the last one.
 */
export const TYPING_INTERVAL_MS = 3000;

/** How long a typing event keeps "… is typing" shown without another one. */
export const TYPING_SHOWN_MS = 6000;

/** S27/S28: a member shares (and sees) receipts and typing unless they turned it off. */
export function sharesReceipts(settings: Pick<NotificationSettings, 'readReceipts'> | undefined): boolean {
  return settings?.readReceipts !== false;
}

/**
 * S28: may this member send a typing event now? `last` is when their previous one for this
 * conversation was accepted. Above the rate, `RateLimitedError` with the wait left; nothing is
 * sent.
 */
export function assertTypingAllowed(last: number | undefined, now: number): void {
  if (last !== undefined && now - last < TYPING_INTERVAL_MS && now >= last) {
    throw new RateLimitedError(
      TYPING_INTERVAL_MS - (now - last),
      'Typing is announced at most once every few seconds.',
    );
  }
}

/**
 * S29: a conversation of exactly two members is one-to-one and cannot be left (mute it, or
 * block the member); any other can. Refuses with `ForbiddenError('cannot-leave')`.
 * Leaving is the viewer's own membership: one who reads it only through a group is refused with
 * `not-allowed` (they leave the group, which the portal manages).
 */
export function assertMayLeave(viewerId: MemberId, participants: readonly PartyRef[]): void {
  if (participants.length === 2 && participants.every((party) => party.kind === 'member')) {
    throw new ForbiddenError(
      'cannot-leave',
      'A conversation between two people cannot be left; mute it instead.',
    );
  }
  if (!participants.some((party) => party.kind === 'member' && party.id === viewerId)) {
    throw new ForbiddenError(
      'not-allowed',
      'You take part in this conversation through a group; only the group’s membership can change that.',
    );
  }
}

/** What one member's read row says, as far as counting goes. */
export interface ReadFacts {
  /** The seq (or other position) of the newest message counted as unread-able. */
  readonly unread: number;
  /** S31: the member marked the conversation unread and has not read it since. */
  readonly markedUnread?: boolean;
}

/** The unread count a member sees for one conversation: marked unread shows at least one (S31). */
export function shownUnread(facts: ReadFacts): number {
  return facts.markedUnread ? Math.max(1, facts.unread) : facts.unread;
}

/**
 * What one conversation adds to the member's envelope total (S12): nothing when muted (S29),
 * which still lists its own count.
 */
export function countedUnread(facts: ReadFacts & { readonly muted?: boolean }): number {
  return facts.muted ? 0 : shownUnread(facts);
}

/** A reader of a message, as `seenByOf` needs them. */
export interface ReaderFacts<M> {
  readonly member: M;
  readonly memberId: MemberId;
  /** Position of the newest message they read. */
  readonly readUpTo: number;
  readonly sharesReceipts: boolean;
}

/**
 * S27: who has read the viewer's own message at `messagePosition`: the other members whose read
 * marker reached it and who share receipts; nobody when the viewer does not share them.
 */
export function seenByOf<M>(
  viewer: { readonly memberId: MemberId; readonly sharesReceipts: boolean },
  messagePosition: number | undefined,
  readers: readonly ReaderFacts<M>[],
): M[] {
  if (!viewer.sharesReceipts || messagePosition === undefined) return [];
  return readers
    .filter(
      (reader) =>
        reader.memberId !== viewer.memberId && reader.sharesReceipts && reader.readUpTo >= messagePosition,
    )
    .map((reader) => reader.member);
}

/**
 * S27 with "writing reads" (`readPositionAfterWriting`): a message that someone else wrote after
 * the viewer's own newest one means its writer has read that one, so "Seen by" may now name them
 * (if they share receipts, which only the backend knows). True when a client showing `seenBy`
 * should ask again; the backends push a read (`seen-changed`) but not a write.
 */
export function replyMaySee(
  seenBy: { readonly messageId?: string; readonly readers: readonly { readonly id: MemberId }[] },
  message: { readonly id: string; readonly author: { readonly id: MemberId }; readonly system?: string },
  viewerId: MemberId | undefined,
): boolean {
  return (
    seenBy.messageId !== undefined &&
    seenBy.messageId !== message.id &&
    message.system === undefined &&
    message.author.id !== viewerId &&
    !seenBy.readers.some((reader) => reader.id === message.author.id)
  );
}

/**
 * S29: whether a message is worth a notification (in the app or by email) to a member: not in a
 * conversation they muted, and never a system entry ("… left").
 */
export function notifies(
  conversation: { readonly muted?: boolean },
  message: { readonly system?: string },
): boolean {
  return !conversation.muted && message.system === undefined;
}

/** What a conversation, as the member sees it, adds to their envelope's total (S12, S29). */
export function countedInTotal(conversation: {
  readonly unreadCount: number;
  readonly muted?: boolean;
}): number {
  return conversation.muted ? 0 : conversation.unreadCount;
}
