/**
 * The one `NotFoundError` of each kind (S5): the same class, code and message on every backend,
 * so that nobody can tell what does not exist from what is not theirs to see.
 */
import { NotFoundError } from './errors.js';
import type { PartyRef } from './types.js';

/**
 * The one refusal for a conversation that does not exist or that the viewer is not in (S5):
 * same class, code and message, so that nobody can tell the two apart.
 */
export function conversationNotFound(): NotFoundError {
  return new NotFoundError('There is no such conversation, or you are not in it.');
}

/** The one refusal for a message id that is not in the (visible) conversation named. */
export function messageNotFound(): NotFoundError {
  return new NotFoundError('There is no such message in this conversation.');
}

/** The one refusal for a member or group reference that names nobody on the portal. */
export function partyNotFound(ref: PartyRef): NotFoundError {
  return new NotFoundError(`No ${ref.kind} "${ref.id}" is registered on this portal.`);
}
