/**
 * The local backend: a whole "portal" (directory, conversations, settings, reports, the emails it
 * would send) in one IndexedDB database, and the adapters that let members use it.
 *
 * **Not a security boundary.** All of it lives in the browser: whoever controls the page can read
 * and change every conversation, and pick any viewer. It keeps every rule of the adapter contract
 * so that demos, prototypes and tests behave like the real thing, nothing more. Real members need
 * a server that keeps the rules itself (see the HTTP adapter).
 */
import type { RequestOptions } from '../../adapter/adapter.js';
import { ValidationError } from '../../core/errors.js';
import { isValidId } from '../../core/ids.js';
import { assertMessageBody, type Policy } from '../../core/policy.js';
import { resolvePolicy } from '../../core/policy-resolve.js';
import type {
  DirectoryData,
  Group,
  GroupId,
  GroupReaders,
  GroupRole,
  Member,
  MemberId,
  Report,
} from '../../core/types.js';
import { LocalAdapter, type LocalAdapterHost } from './adapter.js';
import { writeFollow } from './acceptance.js';
import { LocalDatabase } from './database.js';
import { checkDirectory, writeDirectory, writeGroupRole } from './directory.js';
import { appendMessage } from './messages.js';
import { writeGroupReaders, writeMemberBlock, writeMemberDeletion } from './moderation.js';
import { channelName, type Notice } from './notices.js';
import type { ConversationRow, EmailRecord, WriteTx } from './schema.js';
import { toGroup, toMember } from './views.js';
import { DEMO_VIEWER_ID, type DemoConversation } from './demo.js';

export interface LocalBackendOptions {
  /** IndexedDB database name; default 'conv-elements'. One database holds the whole "portal". */
  name?: string;
  /** Limits to enforce; absent fields take the defaults of `core/policy`. */
  policy?: Partial<Policy>;
}

const SETTLED = Promise.resolve();

/**
 * Backends made by `createLocalAdapter`: their adapter's requests wait for the seed, and closing
 * that adapter closes the backend it came with.
 */
const owned = new WeakMap<LocalBackend, { readonly owner: LocalAdapter; readonly seed: Promise<void> }>();

/**
 * A whole portal in one IndexedDB database. Cheap to make: the database opens on first use.
 * Two `LocalBackend`s with the same name (in one tab, or two tabs) share the data and each
 * other's events, as two browser tabs of one portal would.
 */
export class LocalBackend {
  readonly name: string;
  private readonly database: LocalDatabase;
  private readonly adapters = new Set<LocalAdapter>();
  private channel?: BroadcastChannel;
  private seeding?: Promise<void>;

  constructor(options: LocalBackendOptions = {}) {
    const name = options.name ?? 'conv-elements';
    if (typeof name !== 'string' || name.length === 0) {
      throw new RangeError('A local backend needs a database name.');
    }
    this.name = name;
    this.database = new LocalDatabase(name, resolvePolicy(options.policy));
  }

  /** The limits this backend enforces. */
  get policy(): Policy {
    return this.database.policy;
  }

  /**
   * Adds or replaces members and groups. Each group listed gets exactly the managers and members
   * listed (a manager listed as a member too stays a manager); groups and members not listed are
   * left as they are. Checked in full first: bad data is refused with a `ValidationError` and
   * nothing is stored.
   */
  async loadDirectory(data: DirectoryData, options?: RequestOptions): Promise<void> {
    const checked = checkDirectory(data);
    const affected = await this.database.write(options?.signal, (tx) => writeDirectory(tx, checked));
    if (affected.length > 0) this.post({ type: 'directory', memberIds: affected });
  }

  /** Gives a member a role in a group, or removes them from it (`null`): at once, in every tab. */
  async setGroupRole(
    groupId: GroupId,
    memberId: MemberId,
    role: GroupRole | null,
    options?: RequestOptions,
  ): Promise<void> {
    const changed = await this.database.write(options?.signal, (tx) =>
      writeGroupRole(tx, groupId, memberId, role),
    );
    if (changed) this.post({ type: 'directory', memberIds: [memberId] });
  }

  /**
   * S14: the portal's follows, one at a time: `followerId` follows `followedId` (or no longer).
   * Both must be members (`NotFoundError`); bad ids or a non-boolean are `bad-request`.
   */
  async setFollow(
    followerId: MemberId,
    followedId: MemberId,
    following: boolean,
    options?: RequestOptions,
  ): Promise<void> {
    // No event: a follow changes neither member's view, and announcing it would tell the
    // followed member that someone followed them. Search results read it on their next request.
    await this.database.write(options?.signal, (tx) => writeFollow(tx, followerId, followedId, following));
  }

  /**
   * S16: the portal's moderators block a member: gone from search, their adapters refused, nothing
   * can be sent to them, and they read as a blocked member (no name) in every conversation.
   */
  async blockMember(memberId: MemberId, options?: RequestOptions): Promise<void> {
    // No notice: nobody's groups changed; every request reads names at the directory's new version.
    await this.database.write(options?.signal, (tx) => writeMemberBlock(tx, memberId, true));
  }

  /** S16: lifts a moderator's block; the member is shown and reachable again as before. */
  async unblockMember(memberId: MemberId, options?: RequestOptions): Promise<void> {
    await this.database.write(options?.signal, (tx) => writeMemberBlock(tx, memberId, false));
  }

  /**
   * S17: deletes a member for good (idempotent; nothing undoes it). Their messages stay unless
   * `eraseMessages`, when each reads as a deleted message.
   */
  async deleteMember(
    memberId: MemberId,
    deletion: { readonly eraseMessages?: boolean } = {},
    options?: RequestOptions,
  ): Promise<void> {
    await this.database.write(options?.signal, (tx) => writeMemberDeletion(tx, memberId, deletion));
  }

  /**
   * S18: who reads a group's conversations. Switching to `'managers'` takes them out of the other
   * members' lists at once (a `viewer-changed` event, as when they leave the group).
   */
  async setGroupReaders(groupId: GroupId, readers: GroupReaders, options?: RequestOptions): Promise<void> {
    const affected = await this.database.write(options?.signal, (tx) =>
      writeGroupReaders(tx, groupId, readers),
    );
    if (affected.length > 0) this.post({ type: 'directory', memberIds: affected });
  }

  /**
   * Loads the demo portal (about 30 members, 5 groups, a few conversations) when the directory is
   * empty, and does nothing otherwise. The dataset is imported only here, so bundles that never
   * seed do not carry it.
   */
  seedDemo(): Promise<void> {
    this.seeding ??= this.runSeedDemo().catch((error: unknown) => {
      this.seeding = undefined;
      throw error;
    });
    return this.seeding;
  }

  async isEmpty(options?: RequestOptions): Promise<boolean> {
    return this.database.read(options?.signal, async (tx) => (await tx.objectStore('members').count()) === 0);
  }

  /** An adapter whose viewer is this member. Each call makes a new adapter, with its own events. */
  adapterFor(viewer: MemberId): LocalAdapter {
    if (!isValidId(viewer))
      throw new ValidationError('bad-id', 'Say which member is viewing.', { field: 'request' });
    const host: LocalAdapterHost = {
      database: this.database,
      ready: () => owned.get(this)?.seed ?? SETTLED,
      detach: (adapter) => {
        this.adapters.delete(adapter);
        if (owned.get(this)?.owner === adapter) this.close();
      },
    };
    const adapter = new LocalAdapter(host, viewer);
    this.adapters.add(adapter);
    return adapter;
  }

  /** Every member, by name: for the demo's "viewing as" switch. */
  async listMembers(options?: RequestOptions): Promise<Member[]> {
    return this.database.read(options?.signal, async (tx) =>
      (await tx.objectStore('members').getAll())
        // A blocked or deleted member cannot be viewed as (S16, S17).
        .filter((row) => row.status === undefined)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(toMember),
    );
  }

  async listGroups(options?: RequestOptions): Promise<Group[]> {
    return this.database.read(options?.signal, async (tx) =>
      (await tx.objectStore('groups').getAll()).sort((a, b) => a.name.localeCompare(b.name)).map(toGroup),
    );
  }

  /** The emails the portal would have sent (S10), newest first. */
  async listEmails(options?: RequestOptions): Promise<EmailRecord[]> {
    return this.database.read(options?.signal, async (tx) =>
      (await tx.objectStore('emails').index('byCreatedAt').getAll()).reverse(),
    );
  }

  /** Reports made by participants (S7), newest first. */
  async listReports(options?: RequestOptions): Promise<Report[]> {
    return this.database.read(options?.signal, async (tx) =>
      (await tx.objectStore('reports').getAll()).sort((a, b) => b.createdAt - a.createdAt),
    );
  }

  /** Closes the database and the channels of every adapter made here. */
  close(): void {
    owned.delete(this);
    for (const adapter of [...this.adapters]) adapter.close();
    this.channel?.close();
    this.channel = undefined;
    this.database.close();
  }

  /** Closes, then deletes the database (tests). Other backends on it let go and see it empty. */
  async destroy(): Promise<void> {
    this.close();
    await this.database.destroy();
  }

  private post(notice: Notice): void {
    this.channel ??= new BroadcastChannel(channelName(this.name));
    this.channel.postMessage(notice);
  }

  private async runSeedDemo(): Promise<void> {
    // Asked for while the database opens and is counted, not after: on a cold load its round trip
    // then overlaps with creating the database. A database seeded before does not need it; a
    // failure to load it is then no error (and otherwise thrown below).
    const loading = import('./demo-directory.js');
    loading.catch(() => undefined);
    if (!(await this.isEmpty())) return;
    const demo = await loading;
    const checked = checkDirectory(demo.DEMO_DIRECTORY);
    const policy = this.policy;
    const now = Date.now();
    // One transaction: another tab seeding at the same moment finds the clientIds and adds nothing.
    const seeded = await this.database.write(undefined, async (tx) => {
      if ((await tx.objectStore('members').count()) > 0) return false;
      await writeDirectory(tx, checked);
      for (const memberId of demo.DEMO_PRIVACY.acceptsFollowedOnly) {
        await tx.objectStore('settings').put({ memberId, inApp: true, email: true, acceptFrom: 'followed' });
      }
      for (const blockedId of demo.DEMO_PRIVACY.blockedByViewer) {
        await tx.objectStore('blocks').put({ blockerId: DEMO_VIEWER_ID, blockedId, at: now });
      }
      for (const [i, sample] of demo.DEMO_CONVERSATIONS.entries()) {
        await seedConversation(tx, sample, `demo-seed-${i}`, now, policy);
      }
      for (const id of demo.DEMO_MODERATION.blocked) await writeMemberBlock(tx, id, true);
      for (const { id, eraseMessages } of demo.DEMO_MODERATION.deleted) {
        await writeMemberDeletion(tx, id, { eraseMessages });
      }
      return true;
    });
    if (seeded) this.post({ type: 'directory', memberIds: checked.members.map((member) => member.id) });
  }
}

/** Writes a sample conversation with its messages dated in the past, as if it had happened. */
async function seedConversation(
  tx: WriteTx,
  sample: DemoConversation,
  clientPrefix: string,
  now: number,
  policy: Policy,
): Promise<void> {
  let conversation: ConversationRow | undefined;
  for (const [j, message] of sample.messages.entries()) {
    const { conversation: next } = await appendMessage(
      tx,
      conversation
        ? { existing: conversation }
        : { fresh: { participants: sample.participants, startedBy: sample.participants[0]! } },
      {
        authorId: message.author,
        clientId: `${clientPrefix}-${j}`,
        body: assertMessageBody(message.body, policy),
        at: now - message.minutesAgo * 60_000,
        ...(message.asGroup === undefined ? {} : { onBehalfOf: message.asGroup }),
      },
    );
    conversation = next;
  }
}

/**
 * A backend with one adapter, in one call: what a page with a single viewer needs.
 * `seed: 'demo'` loads the demo portal into an empty database; a `DirectoryData` is loaded when
 * the directory is empty (a reload keeps what members changed since). Requests wait for the seed.
 * Closing the adapter closes the backend.
 */
export function createLocalAdapter(
  options: LocalBackendOptions & { viewer: MemberId; seed?: 'demo' | DirectoryData },
): LocalAdapter {
  const backend = new LocalBackend(options);
  const adapter = backend.adapterFor(options.viewer);
  const { seed } = options;
  const seeding =
    seed === undefined
      ? Promise.resolve()
      : seed === 'demo'
        ? backend.seedDemo()
        : backend.isEmpty().then((empty) => (empty ? backend.loadDirectory(seed) : undefined));
  // Every request reports a failed seed; this keeps the browser from reporting it once more.
  seeding.catch(() => undefined);
  owned.set(backend, { owner: adapter, seed: seeding });
  return adapter;
}
