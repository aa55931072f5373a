/** The shape of a portal's policy and its defaults (see `policy.ts`, which exports them too). */
export interface Policy {
  /** Most characters (Unicode code points, after trimming) a message may hold. */
  readonly maxMessageLength: number;
  /**
   * Most UTF-8 bytes the trimmed text may take. Code points are at most four bytes, so with
   * the defaults this only bites when a portal lowers it; it is the ceiling a server sizes its
   * request bodies and columns by.
   */
  readonly maxMessageBytes: number;
  /** Most people or groups a conversation starter may invite (S2, S4). */
  readonly maxInvitees: number;
  /** Most characters a report's reason may hold. */
  readonly maxReportLength: number;
  /**
   * How long after sending its author may edit a message (S25), in minutes. Deleting has no
   * window. A portal that wants no editing leaves the `edit` capability out instead.
   */
  readonly editWindowMinutes: number;
  /** The reactions members may put on a message (S26): a small fixed set of emoji, in order. */
  readonly reactions: readonly string[];
}

/** The reactions a portal offers unless it names its own. */
export const DEFAULT_REACTIONS: readonly string[] = Object.freeze(['👍', '❤️', '😂', '😮', '😢', '🙏']);

/** Most reactions a portal's set may hold, and most characters one emoji may take. */
export const MAX_REACTIONS = 12;
export const MAX_REACTION_LENGTH = 16;

export const DEFAULT_POLICY: Policy = Object.freeze({
  maxMessageLength: 1000,
  maxMessageBytes: 4000,
  maxInvitees: 9,
  maxReportLength: 1000,
  editWindowMinutes: 15,
  reactions: DEFAULT_REACTIONS,
});
