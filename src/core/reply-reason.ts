/**
 * S17: the one rule of deleted members a thread needs on screen, apart from `member-status.ts`,
 * whose parsers and refusals only a backend runs, so that a page showing a thread does not load
 * them.
 */
import type { MemberId, MemberStatus } from './types.js';

/** True when nobody but deleted members is left to answer: the reply box gives its reason instead. */
export function onlyDeletedOthers(
  viewerId: MemberId,
  participants: readonly { readonly kind: string; readonly id: string; readonly status?: MemberStatus }[],
): boolean {
  const others = participants.filter((party) => !(party.kind === 'member' && party.id === viewerId));
  return others.length > 0 && others.every((party) => party.kind === 'member' && party.status === 'deleted');
}
