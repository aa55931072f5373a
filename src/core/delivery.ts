/**
 * Whether a new message may go to its recipients (S14–S17), decided in one order on every
 * backend: first whether anyone named cannot receive anything (blocked by the moderators, or
 * deleted: `recipient-unavailable`, which the elements already show beside their name), then
 * whether everyone accepts the sender (`not-accepting`, one reason for a member's block and for
 * their setting). A recipient who is both is refused for the first, so two backends never give
 * two answers to one request. A backend loads the facts and asks here only for a new message: a
 * retry of a stored one gets its stored answer.
 */
import { assertAccepted, type RecipientFacts } from './acceptance.js';
import { assertMayReach, assertRecipientsAvailable, type ParticipantStatus } from './member-status.js';
import type { MemberId, PartyRef } from './types.js';

/** A new conversation: `statuses` of its recipients, `acceptance` of its members (`recipientsToJudge`). */
export function assertMayStartTo(
  statuses: readonly ParticipantStatus[],
  acceptance: readonly RecipientFacts[],
): void {
  assertRecipientsAvailable(statuses);
  assertAccepted(acceptance);
}

/** A message in a conversation, as `sender`: `statuses` of every participant, `acceptance` of its members. */
export function assertMaySendTo(
  viewerId: MemberId,
  sender: PartyRef,
  statuses: readonly ParticipantStatus[],
  acceptance: readonly RecipientFacts[],
): void {
  assertMayReach(viewerId, sender, statuses);
  assertAccepted(acceptance);
}
