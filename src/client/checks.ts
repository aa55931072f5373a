/** Argument checks and error payloads that every layer of `ConversationsClient` uses. */
import type { ConversationId } from '../core/types.js';
import { isConvError, ValidationError, type ErrorPayload } from '../core/errors.js';

/** The plain-data form of anything a request rejected with. */
export function toPayload(error: unknown): ErrorPayload {
  if (isConvError(error)) return error.toJSON();
  return {
    code: 'unavailable',
    message: error instanceof Error && error.message ? error.message : 'Something went wrong; try again.',
  };
}

export function assertConversationId(id: unknown): asserts id is ConversationId {
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) {
    throw new ValidationError('bad-id', 'That conversation id is not valid.', { field: 'request' });
  }
}
