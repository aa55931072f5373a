/**
 * Who accepts messages from whom (S14, S15): the rule every backend applies before it stores a
 * message, and the parsers of the requests that change its facts (a follow, a block).
 *
 * Decided once:
 * - A member accepts the sender unless they blocked the sender, or they accept only members they
 *   follow (`acceptFrom: 'followed'`) and do not follow the sender. A group always accepts.
 * - The sender is the member who writes, also when they write as a group they manage: a block is
 *   of a person, and follows are between members.
 * - It applies to starting a conversation and to sending in one: the recipients judged are the
 *   conversation's **member** participants other than the sender. A member who reads a
 *   conversation only through a group (not named in it) is not asked: the group accepts. So a
 *   blocked member cannot write to any conversation that names the blocker, and the blocker, not
 *   being notified of anything, sees no new message from them there; in a conversation with a
 *   group the blocker belongs to but is not named in, the group's messages (theirs included) go on.
 * - Blocking someone does not stop the blocker writing to them (their choice); the blocked member
 *   then cannot answer.
 * - The refusal is one: `ForbiddenError('not-accepting')`, field `recipients`, naming the members
 *   (`members`), with the same words for a block and for the setting, so the blocked member
 *   cannot tell them apart. Search results and `getParty` carry `accepting: false` for the same
 *   members, computed by the same function.
 */
import { ForbiddenError, ValidationError } from './errors.js';
import { isValidId } from './ids.js';
import type { AcceptFrom, MemberId, PartyRef } from './types.js';

// The setting's values, apart: the client parses a settings change with them, and the rest of
// this module (the decision and the parsers of a block and a follow) is the backends' alone, so
// it loads with them and not in the first view.
export { ACCEPT_FROM, acceptFromOf, isAcceptFrom } from './accept-from.js';

/** What a backend loads about one recipient of a message, towards its sender. */
export interface RecipientFacts {
  readonly memberId: MemberId;
  /** The recipient's setting. */
  readonly acceptFrom: AcceptFrom;
  /** The recipient follows the sender. */
  readonly followsSender: boolean;
  /** The recipient blocked the sender. */
  readonly blockedSender: boolean;
}

/** True when this recipient accepts messages from the sender. */
export function accepts(facts: RecipientFacts): boolean {
  if (facts.blockedSender) return false;
  return facts.acceptFrom === 'anyone' || facts.followsSender;
}

/**
 * The members whose acceptance a message from `senderId` to these participants needs: the
 * member participants other than the sender, each once, in order. Groups always accept.
 */
export function recipientsToJudge(participants: readonly PartyRef[], senderId: MemberId): MemberId[] {
  const ids = participants.filter((p) => p.kind === 'member' && p.id !== senderId).map((p) => p.id);
  return [...new Set(ids)];
}

/** The one refusal of S14 and S15: the same for a block and a setting. */
export function notAcceptingError(memberIds: readonly MemberId[]): ForbiddenError {
  const named = memberIds.map((id) => `"${id}"`).join(', ');
  return new ForbiddenError(
    'not-accepting',
    `Not accepting messages from you: ${named}.`,
    'recipients',
    memberIds,
  );
}

/**
 * Refuses (`notAcceptingError`, naming every one of them) when any recipient does not accept
 * the sender. `facts` holds one entry per member of `recipientsToJudge`; a member missing from
 * it accepts (a backend that holds no facts for them: nobody has set anything).
 */
export function assertAccepted(facts: readonly RecipientFacts[]): void {
  const refusing = facts.filter((recipient) => !accepts(recipient)).map((recipient) => recipient.memberId);
  if (refusing.length > 0) throw notAcceptingError(refusing);
}

// ---------------------------------------------------------------- requests

function invalid(message: string): ValidationError {
  return new ValidationError('bad-request', message, { field: 'request' });
}

/**
 * `blockMember(id)` / `unblockMember(id)` by `viewerId`: a valid member id (`bad-id`), not the
 * viewer's own (`bad-request`: a member cannot block themselves).
 */
export function parseBlockRequest(memberId: unknown, viewerId: MemberId): MemberId {
  if (!isValidId(memberId)) {
    throw new ValidationError('bad-id', 'That member id is not valid.', { field: 'request' });
  }
  if (memberId === viewerId) throw invalid('You cannot block yourself.');
  return memberId;
}

export interface FollowChange {
  readonly followerId: MemberId;
  readonly followedId: MemberId;
  readonly following: boolean;
}

/**
 * `setFollow(followerId, followedId, following)` (the portal's admin and host API): two valid
 * member ids that differ and a boolean; anything else is `bad-request`.
 */
export function parseFollowChange(
  followerId: unknown,
  followedId: unknown,
  following: unknown,
): FollowChange {
  if (!isValidId(followerId) || !isValidId(followedId)) {
    throw invalid('A follow names two members by id.');
  }
  if (followerId === followedId) throw invalid('A member does not follow themselves.');
  if (typeof following !== 'boolean') throw invalid('"following" is true or false.');
  return { followerId, followedId, following };
}
