/**
 * The facts the rulebook's S16/S17 decisions need about the people a message would reach: each
 * participant with the status the portal gave them (blocked, deleted), read in the request's
 * transaction.
 */
import type { ParticipantStatus } from '../../core/member-status.js';
import type { PartyRef } from '../../core/types.js';
import type { ReadTx } from './schema.js';

export async function participantStatuses(
  tx: ReadTx,
  parties: readonly PartyRef[],
): Promise<ParticipantStatus[]> {
  const rows = await Promise.all(
    parties.map((ref) => (ref.kind === 'member' ? tx.objectStore('members').get(ref.id) : undefined)),
  );
  return parties.map((ref, i) => ({ ref, status: rows[i]?.status }));
}
