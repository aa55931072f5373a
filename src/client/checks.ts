/**
 * The client's request checks: the rulebook's (`core/requests.ts`), so that the client refuses
 * exactly what every backend refuses, with the same typed error, before a request leaves.
 */
import { toErrorPayload, type ErrorPayload } from '../core/errors.js';
import { parseConversationId } from '../core/requests.js';
import type { ConversationId } from '../core/types.js';

/** The plain-data form of anything a request rejected with (see `toErrorPayload`). */
export function toPayload(error: unknown): ErrorPayload {
  return toErrorPayload(error);
}

/** A conversation id as the rulebook takes it: `bad-id` (field `request`) otherwise. */
export function assertConversationId(id: unknown): asserts id is ConversationId {
  parseConversationId(id);
}
