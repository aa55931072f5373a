/**
 * What an adapter author hands the conformance suite: a way to make a fresh, empty backend,
 * fill its directory, change group memberships, and get an adapter for any member.
 */
import type { ConversationsAdapter } from '../adapter.js';
import type { Policy } from '../../core/policy.js';
import type { DirectoryData, GroupId, GroupReaders, GroupRole, MemberId } from '../../core/types.js';

export interface ConformanceBackend {
  /**
   * Adds (or replaces) members and groups with their memberships. Data the rulebook's
   * `parseDirectory` refuses must be rejected (with any error) and nothing of it stored.
   */
  loadDirectory(directory: DirectoryData): Promise<void>;
  /** Gives a member a role in a group, or removes them from it (`null`). */
  setGroupRole(groupId: GroupId, memberId: MemberId, role: GroupRole | null): Promise<void>;
  /**
   * S14: the portal's follows, one at a time (`follower` follows `followed`, or no longer).
   * Needed by the acceptance scenarios of an adapter declaring `accept-setting`.
   */
  setFollow?(followerId: MemberId, followedId: MemberId, following: boolean): Promise<void>;
  /**
   * S16: the portal's moderators block a member / lift the block. With `deleteMember`, what the
   * moderation scenarios need; a backend without them skips those scenarios.
   */
  blockMember?(memberId: MemberId): Promise<void>;
  unblockMember?(memberId: MemberId): Promise<void>;
  /** S17: deletes a member for good; `eraseMessages` erases their messages too. */
  deleteMember?(memberId: MemberId, options: { readonly eraseMessages?: boolean }): Promise<void>;
  /** S18: who reads a group's conversations (with the `group-readers` capability). */
  setGroupReaders?(groupId: GroupId, readers: GroupReaders): Promise<void>;
  /** An adapter whose viewer is this member. */
  adapterFor(memberId: MemberId): ConversationsAdapter | Promise<ConversationsAdapter>;
  /**
   * Optional: moves the sending time of every stored message `ms` into the past, as if that much
   * time had gone by since (for the edit window of S25). Without it, those scenarios are skipped.
   */
  ageMessages?(ms: number): Promise<void>;
  /** Closes every adapter it made and deletes the backend's data. */
  dispose(): Promise<void>;
}

/** What a scenario needs beyond the contract's core: the host operations, or a capability. */
export type ScenarioNeed = 'moderation' | 'group-readers';

export interface ConformanceFactoryOptions {
  /** Limits the backend must enforce; absent fields take the defaults. */
  readonly policy?: Partial<Policy>;
}

/** Makes a new, empty backend: one per test, so tests never see each other's data. */
export type ConformanceFactory = (options: ConformanceFactoryOptions) => Promise<ConformanceBackend>;
