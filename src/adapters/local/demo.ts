/**
 * What the backend and the demo data both name: the demo's default viewer and the shape of a
 * sample conversation. A module of its own so that `backend.ts` (which seeds) and
 * `demo-directory.ts` (the data, loaded only when seeding) need not import each other.
 */
import type { GroupId, MemberId, PartyRef } from '../../core/types.js';

/** The member the demo views as by default: one who manages a group, so S4 can be tried. */
export const DEMO_VIEWER_ID: MemberId = 'amara-okafor';

/** A sample conversation for the demo: the first participant starts it. */
export interface DemoConversation {
  readonly participants: readonly PartyRef[];
  readonly messages: readonly {
    readonly author: MemberId;
    readonly asGroup?: GroupId;
    readonly body: string;
    readonly minutesAgo: number;
  }[];
}
