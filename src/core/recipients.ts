/**
 * Whom a conversation is started with (S2, S4), by the portal's policy. Its own module, as only
 * starting a conversation needs it: compose, the client's start and the backends load it, the
 * first view does not.
 */
import { ValidationError } from './errors.js';
import { DEFAULT_POLICY, isPartyRef, type Policy } from './policy.js';
import { partyKey, type PartyRef } from './types.js';

/**
 * Validates who a conversation is started with, and returns them deduplicated, in the order
 * given, without the sender. The sender is whoever starts it: the viewer, or the group they act as.
 *
 * Refuses: not a list or a malformed entry; nobody left once the sender is removed (writing to
 * oneself); more than `policy.maxInvitees` distinct recipients.
 * Whether each recipient exists is the adapter's business (`unknown-recipient`).
 */
export function normalizeRecipients(
  recipients: unknown,
  sender: PartyRef,
  policy: Policy = DEFAULT_POLICY,
): PartyRef[] {
  // Spread, not `recipients.every`: `every` skips the holes of a sparse array, which the loop
  // below would then meet as `undefined`.
  if (!Array.isArray(recipients) || ![...recipients].every(isPartyRef)) {
    throw new ValidationError('bad-recipient', 'Recipients must be members or groups.', {
      field: 'recipients',
    });
  }
  const senderKey = partyKey(sender);
  const seen = new Set<string>();
  const unique: PartyRef[] = [];
  let namedSelf = false;
  for (const ref of recipients) {
    const key = partyKey(ref);
    if (key === senderKey) {
      namedSelf = true;
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ kind: ref.kind, id: ref.id });
  }
  if (unique.length === 0) {
    throw namedSelf
      ? new ValidationError('self-only', 'A conversation needs someone other than yourself.', {
          field: 'recipients',
        })
      : new ValidationError('no-recipients', 'Choose at least one member or group.', {
          field: 'recipients',
        });
  }
  if (unique.length > policy.maxInvitees) {
    throw new ValidationError(
      'too-many-recipients',
      `A conversation can include at most ${policy.maxInvitees} others; ${unique.length} were chosen.`,
      { field: 'recipients', limit: policy.maxInvitees, actual: unique.length },
    );
  }
  return unique;
}
