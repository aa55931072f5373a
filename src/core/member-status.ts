/**
 * S16 and S17: members the portal has blocked (its moderators) or deleted.
 *
 * - **Blocked** (until unblocked): gone from search; every request they make is refused the way a
 *   member the portal does not list is refused (`viewerUnavailable()`: a server refuses their
 *   tokens, even one issued before the block); nothing can be sent to them; where they appear in
 *   conversations they have no name, avatar or profile link, only `status: 'blocked'`, which the
 *   elements show as "Blocked member". Their data is kept, and is shown again once unblocked.
 * - **Deleted** (for good, idempotent, cannot be undone): name, avatar, profile link, email and
 *   group memberships are removed from the backend; they read as `status: 'deleted'` ("Deleted
 *   member"). Their messages stay, unless the portal asks for them to be erased: each then keeps
 *   its place as `deleted: true` with an empty body ("Message deleted").
 *
 * Why a refusal of its own (`ForbiddenError('recipient-unavailable')`, field `recipients`, naming
 * who) rather than S14/S15's `not-accepting`: a member's own block must be indistinguishable from
 * "does not accept you", because it is private; a moderator's block and a deletion are the
 * portal's, already visible to everyone as "Blocked member" / "Deleted member", so saying so hides
 * nothing and tells the writer that asking again will not help.
 *
 * Who can still be written to in a conversation: a blocked participant stops every send (nothing
 * can reach them); a deleted one is simply no longer there, so a send is refused only when every
 * other participant is deleted (the conversation stays readable; the reason replaces the reply box:
 * `onlyDeletedOthers()` in `reply-reason.ts`, apart, as the elements need it and nothing else here).
 */
import { ForbiddenError, ValidationError } from './errors.js';
import { isValidId } from './ids.js';
import { isRecord } from './text.js';
import type { Member, MemberId, MemberStatus, Message, PartyRef } from './types.js';

export function isMemberStatus(value: unknown): value is MemberStatus {
  return value === 'blocked' || value === 'deleted';
}

/**
 * A member as others see them: a blocked or deleted member carries no name (the empty string),
 * avatar or profile link, only their id and status; the elements give them a name.
 */
export function presentMember(
  row: {
    readonly id: MemberId;
    readonly name: string;
    readonly avatarUrl?: string;
    readonly profileUrl?: string;
  },
  status: MemberStatus | undefined,
): Member {
  if (status !== undefined) return { kind: 'member', id: row.id, name: '', status };
  return {
    kind: 'member',
    id: row.id,
    name: row.name,
    ...(row.avatarUrl === undefined ? {} : { avatarUrl: row.avatarUrl }),
    ...(row.profileUrl === undefined ? {} : { profileUrl: row.profileUrl }),
  };
}

/** A blocked or deleted member is never found by search (S16, S17). */
export function isSearchable(status: MemberStatus | undefined): boolean {
  return status === undefined;
}

/**
 * The refusal of every request of a blocked or deleted member: the same as for a member the
 * portal does not list (`ForbiddenError('not-allowed')`), on every backend.
 */
export function viewerUnavailable(): ForbiddenError {
  return new ForbiddenError('not-allowed', 'This member cannot use conversations on this portal.');
}

/** Throws `viewerUnavailable()` unless the member may make requests. */
export function assertViewerAvailable(status: MemberStatus | undefined): void {
  if (status !== undefined) throw viewerUnavailable();
}

export interface ParticipantStatus {
  readonly ref: PartyRef;
  /**
   * The member's standing: `undefined` when in good standing, and for a group (which has none).
   * Required, so that no backend can judge a participant whose status it did not load.
   */
  readonly status: MemberStatus | undefined;
}

function unavailable(who: readonly ParticipantStatus[]): ForbiddenError {
  const names = who.map(
    ({ ref, status }) => `member "${ref.id}" (${status === 'blocked' ? 'blocked' : 'deleted'})`,
  );
  return new ForbiddenError(
    'recipient-unavailable',
    `These members cannot receive messages: ${names.join(', ')}.`,
    'recipients',
  );
}

/** Starting a conversation (S16, S17): no recipient may be blocked or deleted. */
export function assertRecipientsAvailable(recipients: readonly ParticipantStatus[]): void {
  const refused = recipients.filter((entry) => entry.ref.kind === 'member' && entry.status !== undefined);
  if (refused.length > 0) throw unavailable(refused);
}

/**
 * Sending in an existing conversation (S16, S17), as `sender` (the viewer, or the group they write
 * as; `viewerId` is never counted as someone to reach): refused when a participant is blocked, or
 * when every other participant is deleted.
 */
export function assertMayReach(
  viewerId: MemberId,
  sender: PartyRef,
  participants: readonly ParticipantStatus[],
): void {
  const others = participants.filter(
    ({ ref }) =>
      !(ref.kind === sender.kind && ref.id === sender.id) && !(ref.kind === 'member' && ref.id === viewerId),
  );
  const blocked = others.filter((entry) => entry.ref.kind === 'member' && entry.status === 'blocked');
  if (blocked.length > 0) throw unavailable(blocked);
  if (
    others.length > 0 &&
    others.every((entry) => entry.ref.kind === 'member' && entry.status === 'deleted')
  ) {
    throw unavailable(others);
  }
}

/** A message erased with its author (`erase=messages`): it keeps its place, without its text. */
export function erasedMessage<M extends Message>(message: M): M {
  return { ...message, body: '', deleted: true };
}

/** The admin's member id (block, unblock, delete): `bad-id` (field `request`) unless valid. */
export function parseModeratedMemberId(value: unknown): MemberId {
  if (!isValidId(value)) {
    throw new ValidationError('bad-id', 'That member id is not valid.', { field: 'request' });
  }
  return value;
}

export interface DeleteMemberRequest {
  readonly memberId: MemberId;
  /** Erase their messages too (each then reads "Message deleted"). */
  readonly eraseMessages: boolean;
}

/** `deleteMember(id, { eraseMessages })`: a valid id, and `eraseMessages` a boolean if given. */
export function parseDeleteMemberRequest(memberId: unknown, options?: unknown): DeleteMemberRequest {
  const id = parseModeratedMemberId(memberId);
  if (options !== undefined && !isRecord(options)) {
    throw new ValidationError('bad-request', 'The options of a deletion must be an object.', {
      field: 'request',
    });
  }
  const extra = options
    ? Object.keys(options).filter((key) => key !== 'eraseMessages' && options[key] !== undefined)
    : [];
  if (extra.length > 0) {
    throw new ValidationError('bad-request', `Unknown option of a deletion: ${extra.join(', ')}.`, {
      field: 'request',
    });
  }
  const erase = options?.eraseMessages;
  if (erase !== undefined && typeof erase !== 'boolean') {
    throw new ValidationError('bad-request', 'eraseMessages is true or false.', { field: 'request' });
  }
  return { memberId: id, eraseMessages: erase === true };
}

/** `?erase=messages` on the admin API's deletion; anything else there is refused. */
export function parseEraseParam(value: unknown): boolean {
  if (value === undefined) return false;
  if (value === 'messages') return true;
  throw new ValidationError('bad-request', 'erase is "messages", or left out to keep them.', {
    field: 'request',
  });
}

/**
 * What a block or an unblock changes: nothing for a deleted member (a deletion is final: a block
 * refuses them with `memberGone()`), nothing when already in that state.
 */
export function decideBlock(current: MemberStatus | undefined, block: boolean): 'change' | 'same' {
  if (current === 'deleted') throw memberGone();
  return (current === 'blocked') === block ? 'same' : 'change';
}

/** Blocking or unblocking a deleted member: the deletion cannot be undone. */
export function memberGone(): ValidationError {
  return new ValidationError('bad-request', 'That member was deleted; a deletion cannot be undone.', {
    field: 'request',
  });
}
