/**
 * The local adapter: `ConversationsAdapter` over the local IndexedDB database, for one viewer.
 *
 * **Not a security boundary.** Every rule of the contract is kept here, but the data and this
 * code both live in the viewer's browser: anyone with the page's devtools can read or change
 * any conversation in the database. Use it for demos, prototypes, tests and single-browser use;
 * a portal with real members needs a server (the HTTP adapter) that keeps these rules itself.
 */
import type {
  ConversationsAdapter,
  ListConversationsOptions,
  ListMessagesOptions,
  ReportInput,
  RequestOptions,
  SearchOptions,
  SendMessageInput,
  StartConversationInput,
  StartConversationResult,
} from '../../adapter/adapter.js';
import type { AdapterEvent, AdapterEventListener, Unsubscribe } from '../../adapter/events.js';
import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import {
  ForbiddenError,
  NotFoundError,
  throwIfAborted,
  UnavailableError,
  ValidationError,
} from '../../core/errors.js';
import { createClientId } from '../../core/ids.js';
import {
  assertClientId,
  assertMessageBody,
  assertReportReason,
  normalizeRecipients,
  resolvePageLimit,
  type Policy,
} from '../../core/policy.js';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  partyKey,
  type Conversation,
  type ConversationId,
  type Message,
  type MemberId,
  type MessageId,
  type MessagePage,
  type NotificationSettings,
  type Page,
  type Party,
  type PartyRef,
  type Report,
  type ReportTarget,
  type UnreadSummary,
  type Viewer,
} from '../../core/types.js';
import { warn } from '../../internal/dev-mode.js';
import { settleOrAbort, type LocalDatabase } from './database.js';
import { isId, searchDirectory } from './directory.js';
import { appendMessage, type Appended } from './messages.js';
import { channelName, isNotice, type Notice } from './notices.js';
import { inboxRange, participantSetKey, type ConversationRow, type ReadTx, type WriteTx } from './schema.js';
import { adjustUnread, readUnread, unreadOf } from './unread.js';
import {
  canSee,
  DirectoryLookup,
  loadViewerContext,
  messageRefs,
  toGroup,
  toMember,
  toMessage,
  toViewer,
  viewConversations,
  type ViewerContext,
} from './views.js';

/** What a `LocalBackend` gives each adapter it makes. */
export interface LocalAdapterHost {
  readonly database: LocalDatabase;
  /** Settles when the backend's seeding (if any) is done; requests wait for it. */
  ready(): Promise<void>;
  /** Called once when the adapter closes. */
  detach(adapter: LocalAdapter): void;
}

const MAX_QUERY_LENGTH = 200;

function notFound(): NotFoundError {
  return new NotFoundError('There is no such conversation, or you are not in it.');
}

function badRequest(message: string, field: 'request' | 'asGroup' | 'settings' = 'request'): ValidationError {
  return new ValidationError('bad-request', message, { field });
}

function checkConversationId(id: unknown): string {
  if (!isId(id)) throw new ValidationError('bad-id', 'A conversation id is needed.', { field: 'request' });
  return id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkAsGroup(asGroup: unknown): string | undefined {
  if (asGroup === undefined) return undefined;
  if (!isId(asGroup)) throw badRequest('"Send as" must name a group.', 'asGroup');
  return asGroup;
}

/** S4: only a group's managers may write as the group. */
function assertManages(context: ViewerContext, groupId: string): void {
  if (context.roles.get(groupId) !== 'manager') {
    throw new ForbiddenError(
      'not-group-manager',
      'Only a manager of that group can write as the group.',
      'asGroup',
    );
  }
}

/**
 * `ConversationsAdapter` for one viewer, over the local database. Made by `LocalBackend.adapterFor`
 * or `createLocalAdapter`.
 *
 * Events: each adapter has its own `BroadcastChannel`. A change is posted there (reaching every
 * other adapter on the database, in this tab and others, but not the poster) and handled by the
 * adapter that made it directly, so each adapter hears of each change once and turns it into at
 * most one event for its own viewer.
 *
 * Search (`searchDirectory`) does not leave the viewer out: a caller that needs that filters it.
 */
export class LocalAdapter implements ConversationsAdapter {
  readonly viewerId: MemberId;
  /** The database this adapter's portal lives in: clients key their caches by it. */
  readonly scope: string;
  private readonly listeners = new Set<AdapterEventListener>();
  private channel?: BroadcastChannel;
  /** Notices are turned into events one at a time, so events keep the order of the changes. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  /** Use `LocalBackend.adapterFor` (or `createLocalAdapter`) rather than this. */
  constructor(
    private readonly host: LocalAdapterHost,
    viewerId: MemberId,
  ) {
    this.viewerId = viewerId;
    this.scope = `local:${host.database.name}`;
  }

  async getViewer(options?: RequestOptions): Promise<Viewer> {
    return this.read(options, async (tx) => toViewer(tx, await loadViewerContext(tx, this.viewerId)));
  }

  async getPolicy(options?: RequestOptions): Promise<Policy> {
    throwIfAborted(options?.signal);
    return this.host.database.policy;
  }

  async searchDirectory(query: string, options?: SearchOptions): Promise<readonly Party[]> {
    if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH) {
      throw badRequest(`A search is a text of at most ${MAX_QUERY_LENGTH} characters.`);
    }
    const limit = resolvePageLimit(options?.limit, 20);
    const kind = options?.kind;
    if (kind !== undefined && kind !== 'member' && kind !== 'group') {
      throw badRequest('Search for "member" or "group", or leave the kind out.');
    }
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      return searchDirectory(tx, this.host.database.directory, query, limit, kind);
    });
  }

  async getParty(ref: PartyRef, options?: RequestOptions): Promise<Party> {
    if (!isRecord(ref) || (ref.kind !== 'member' && ref.kind !== 'group') || !isId(ref.id)) {
      throw badRequest('Name a member or a group.');
    }
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      const row = await tx.objectStore(ref.kind === 'member' ? 'members' : 'groups').get(ref.id);
      if (!row) throw new NotFoundError(`No ${ref.kind} "${ref.id}" is registered on this portal.`);
      return ref.kind === 'member' ? toMember(row) : toGroup(row);
    });
  }

  async listConversations(options?: ListConversationsOptions): Promise<Page<Conversation>> {
    const limit = resolvePageLimit(options?.limit);
    const after =
      options?.after === undefined ? undefined : decodeCursor(options.after, ['number', 'string'] as const);
    return this.read(options, async (tx) => {
      const context = await loadViewerContext(tx, this.viewerId);
      const rows = await newestConversations(tx, context.parties, limit + 1, after);
      const page = rows.slice(0, limit);
      const items = await viewConversations(tx, this.host.database.directory, this.viewerId, page);
      const last = page.at(-1);
      return rows.length > limit && last
        ? { items, next: encodeCursor([last.lastActivityAt, last.id]) }
        : { items };
    });
  }

  async getConversation(id: ConversationId, options?: RequestOptions): Promise<Conversation> {
    const conversationId = checkConversationId(id);
    return this.read(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      const [conversation] = await viewConversations(tx, this.host.database.directory, this.viewerId, [row]);
      return conversation!;
    });
  }

  async listMessages(id: ConversationId, options?: ListMessagesOptions): Promise<MessagePage> {
    const conversationId = checkConversationId(id);
    const limit = resolvePageLimit(options?.limit);
    const before =
      options?.before === undefined ? undefined : decodeCursor(options.before, ['string', 'number'] as const);
    if (before && (before[0] !== conversationId || !Number.isSafeInteger(before[1]) || before[1] < 2)) {
      throw badCursor();
    }
    return this.read(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      if (before && before[1] > row.lastSeq + 1) throw badCursor();
      // Seqs have no gaps, so the page is exactly this key range: no scan, no skipping.
      const newest = before ? before[1] - 1 : row.lastSeq;
      const oldest = Math.max(1, newest - limit + 1);
      const rows = await tx
        .objectStore('messages')
        .index('bySeq')
        .getAll(IDBKeyRange.bound([conversationId, oldest], [conversationId, newest]));
      const directory = new DirectoryLookup(tx, this.host.database.directory);
      await directory.load(rows.flatMap(messageRefs));
      const items = rows.map((message) => toMessage(message, directory));
      return oldest > 1 ? { items, before: encodeCursor([conversationId, oldest]) } : { items };
    });
  }

  async startConversation(
    input: StartConversationInput,
    options?: RequestOptions,
  ): Promise<StartConversationResult> {
    if (!isRecord(input)) throw badRequest('Say whom to write to and what.');
    const policy = this.host.database.policy;
    const clientId = assertClientId(input.clientId);
    const asGroup = checkAsGroup(input.asGroup);
    const sender: PartyRef =
      asGroup === undefined ? { kind: 'member', id: this.viewerId } : { kind: 'group', id: asGroup };
    const recipients = normalizeRecipients(input.recipients, sender, policy);
    const body = assertMessageBody(input.body, policy);

    const outcome = await this.write(options, async (tx) => {
      const context = await loadViewerContext(tx, this.viewerId);
      if (asGroup !== undefined) assertManages(context, asGroup);
      const exists = await Promise.all(
        recipients.map((ref) => tx.objectStore(ref.kind === 'member' ? 'members' : 'groups').count(ref.id)),
      );
      const unknown = recipients.filter((_, i) => exists[i] === 0);
      if (unknown.length > 0) {
        throw new ValidationError(
          'unknown-recipient',
          `Not registered on this portal: ${unknown.map((ref) => `${ref.kind} "${ref.id}"`).join(', ')}.`,
          { field: 'recipients' },
        );
      }
      const appended =
        (await this.earlierAnswer(tx, context, clientId)) ??
        (await this.startOrContinue(tx, sender, recipients, { clientId, body, asGroup }));
      const [conversation] = await viewConversations(tx, this.host.database.directory, this.viewerId, [
        appended.conversation,
      ]);
      const directory = new DirectoryLookup(tx, this.host.database.directory);
      await directory.load(messageRefs(appended.message));
      return {
        appended,
        result: { conversation: conversation!, message: toMessage(appended.message, directory) },
      };
    });
    if (outcome.appended.fresh) this.announce(messageNotice(outcome.appended));
    return outcome.result;
  }

  async sendMessage(input: SendMessageInput, options?: RequestOptions): Promise<Message> {
    if (!isRecord(input)) throw badRequest('Say which conversation to write in, and what.');
    const policy = this.host.database.policy;
    const conversationId = checkConversationId(input.conversationId);
    const clientId = assertClientId(input.clientId);
    const asGroup = checkAsGroup(input.asGroup);
    const body = assertMessageBody(input.body, policy);

    const outcome = await this.write(options, async (tx) => {
      const { row, context } = await this.visibleConversation(tx, conversationId);
      if (asGroup !== undefined) {
        assertManages(context, asGroup);
        if (!row.participants.some((party) => party.kind === 'group' && party.id === asGroup)) {
          throw new ForbiddenError('not-allowed', 'That group is not in this conversation.', 'asGroup');
        }
      }
      const appended =
        (await this.earlierAnswer(tx, context, clientId)) ??
        (await this.append(tx, { existing: row }, { clientId, body, asGroup }));
      const directory = new DirectoryLookup(tx, this.host.database.directory);
      await directory.load(messageRefs(appended.message));
      return { appended, message: toMessage(appended.message, directory) };
    });
    if (outcome.appended.fresh) this.announce(messageNotice(outcome.appended));
    return outcome.message;
  }

  async markRead(id: ConversationId, upTo: MessageId, options?: RequestOptions): Promise<void> {
    const conversationId = checkConversationId(id);
    if (!isId(upTo)) throw new ValidationError('bad-id', 'A message id is needed.', { field: 'request' });
    const moved = await this.write(options, async (tx) => {
      const { row } = await this.visibleConversation(tx, conversationId);
      const message = await tx.objectStore('messages').get(upTo);
      if (!message || message.conversationId !== conversationId) {
        throw new NotFoundError('There is no such message in this conversation.');
      }
      const reads = tx.objectStore('reads');
      const current = await reads.get([this.viewerId, conversationId]);
      if (current && current.readSeq >= message.seq) return undefined;
      await Promise.all([
        reads.put({ ...current, memberId: this.viewerId, conversationId, readSeq: message.seq }),
        adjustUnread(
          tx,
          this.viewerId,
          unreadOf(row.lastSeq, current?.readSeq),
          unreadOf(row.lastSeq, message.seq),
        ),
      ]);
      return { readSeq: message.seq, lastSeq: row.lastSeq };
    });
    if (moved) {
      this.announce({ type: 'read', memberId: this.viewerId, conversationId, upTo, ...moved });
    }
  }

  async getUnreadSummary(options?: RequestOptions): Promise<UnreadSummary> {
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      const totals = await readUnread(tx, this.viewerId);
      return { total: totals?.total ?? 0, conversations: totals?.conversations ?? 0 };
    });
  }

  async getSettings(options?: RequestOptions): Promise<NotificationSettings> {
    return this.read(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      return settingsOf(await tx.objectStore('settings').get(this.viewerId));
    });
  }

  async updateSettings(
    patch: Partial<NotificationSettings>,
    options?: RequestOptions,
  ): Promise<NotificationSettings> {
    if (!isRecord(patch)) throw badSettings();
    for (const [key, value] of Object.entries(patch)) {
      if ((key !== 'inApp' && key !== 'email') || (value !== undefined && typeof value !== 'boolean')) {
        throw badSettings();
      }
    }
    const result = await this.write(options, async (tx) => {
      await loadViewerContext(tx, this.viewerId);
      const store = tx.objectStore('settings');
      const current = settingsOf(await store.get(this.viewerId));
      const next: NotificationSettings = {
        inApp: patch.inApp ?? current.inApp,
        email: patch.email ?? current.email,
      };
      const changed = next.inApp !== current.inApp || next.email !== current.email;
      if (changed) await store.put({ memberId: this.viewerId, ...next });
      return { settings: next, changed };
    });
    if (result.changed)
      this.announce({ type: 'settings', memberId: this.viewerId, settings: result.settings });
    return result.settings;
  }

  async report(input: ReportInput, options?: RequestOptions): Promise<{ readonly id: string }> {
    if (!isRecord(input)) throw badReport();
    const target = checkReportTarget(input.target);
    const reason = assertReportReason(input.reason, this.host.database.policy);
    return this.write(options, async (tx) => {
      await this.visibleConversation(tx, target.conversationId);
      if (target.kind === 'message') {
        const message = await tx.objectStore('messages').get(target.messageId);
        if (!message || message.conversationId !== target.conversationId) {
          throw new NotFoundError('There is no such message in this conversation.');
        }
      }
      const at = await this.host.database.tick(tx);
      const report: Report = {
        id: createClientId(),
        target,
        reason,
        reportedBy: this.viewerId,
        createdAt: at,
      };
      await tx.objectStore('reports').add(report);
      return { id: report.id };
    });
  }

  subscribe(listener: AdapterEventListener): Unsubscribe {
    if (this.closed) return () => undefined;
    // Wrapped so that the same function subscribed twice is two subscriptions, like two elements.
    const entry: AdapterEventListener = (event) => listener(event);
    this.listeners.add(entry);
    this.openChannel();
    return () => {
      this.listeners.delete(entry);
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.channel?.close();
    this.channel = undefined;
    this.host.detach(this);
  }

  /** Tells every adapter on this database, this one included, of a committed change. */
  private announce(notice: Notice): void {
    if (this.closed) return;
    this.openChannel()?.postMessage(notice);
    this.receive(notice);
  }

  private openChannel(): BroadcastChannel | undefined {
    if (this.closed) return undefined;
    if (!this.channel) {
      this.channel = new BroadcastChannel(channelName(this.host.database.name));
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        if (isNotice(event.data)) this.receive(event.data);
      };
    }
    return this.channel;
  }

  private receive(notice: Notice): void {
    if (this.closed || this.listeners.size === 0) return;
    this.queue = this.queue
      .then(() => this.eventFor(notice))
      .then(
        (event) => {
          if (event) this.emit(event);
        },
        (error: unknown) => {
          // The database was closed or deleted under us: nothing to announce.
          if (!this.closed) warn('a change could not be turned into an event', error);
        },
      );
  }

  private emit(event: AdapterEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One failing listener must not keep the event from the others.
        reportError(error);
      }
    }
  }

  /** What a change means to this adapter's viewer, if anything (S5: nothing to outsiders). */
  private async eventFor(notice: Notice): Promise<AdapterEvent | undefined> {
    switch (notice.type) {
      case 'message':
        return this.host.database.read(undefined, async (tx) => {
          const context = await loadViewerContext(tx, this.viewerId);
          if (!canSee(context, notice.conversation.participants)) return undefined;
          const [conversation] = await viewConversations(tx, this.host.database.directory, this.viewerId, [
            notice.conversation,
          ]);
          const directory = new DirectoryLookup(tx, this.host.database.directory);
          await directory.load(messageRefs(notice.message));
          const message = toMessage(notice.message, directory);
          return notice.created
            ? { type: 'conversation-added', conversation: conversation!, message }
            : { type: 'message-added', conversation: conversation!, message };
        });
      case 'read':
        if (notice.memberId !== this.viewerId) return undefined;
        return {
          type: 'read-changed',
          conversationId: notice.conversationId,
          upTo: notice.upTo,
          unreadCount: Math.max(0, notice.lastSeq - notice.readSeq),
        };
      case 'settings':
        if (notice.memberId !== this.viewerId) return undefined;
        return { type: 'settings-changed', settings: { ...notice.settings } };
      case 'directory':
        if (!notice.memberIds.includes(this.viewerId)) return undefined;
        return this.host.database.read(undefined, async (tx) => ({
          type: 'viewer-changed',
          viewer: await toViewer(tx, await loadViewerContext(tx, this.viewerId)),
        }));
    }
  }

  /** The conversation, if the viewer is in it; to anyone else it does not exist (S5). */
  private async visibleConversation(
    tx: ReadTx,
    id: string,
  ): Promise<{ row: ConversationRow; context: ViewerContext }> {
    const [context, row] = await Promise.all([
      loadViewerContext(tx, this.viewerId),
      tx.objectStore('conversations').get(id),
    ]);
    if (!row || !canSee(context, row.participants)) throw notFound();
    return { row, context };
  }

  /**
   * The answer first given to this client id, when there was one: a retry stores nothing and
   * announces nothing. The conversation must still be visible (a member since removed from the
   * group it was written in gets `NotFoundError`, as for any other request about it).
   */
  private async earlierAnswer(
    tx: ReadTx,
    context: ViewerContext,
    clientId: string,
  ): Promise<(Appended & { fresh: false }) | undefined> {
    const message = await tx.objectStore('messages').index('byClientId').get([this.viewerId, clientId]);
    if (!message) return undefined;
    const conversation = await tx.objectStore('conversations').get(message.conversationId);
    if (!conversation || !canSee(context, conversation.participants)) throw notFound();
    return { conversation, message, created: false, fresh: false };
  }

  /** Continues the conversation with exactly these participants, or starts it. */
  private async startOrContinue(
    tx: WriteTx,
    sender: PartyRef,
    recipients: readonly PartyRef[],
    draft: { clientId: string; body: string; asGroup: string | undefined },
  ): Promise<Appended & { fresh: true }> {
    const participants = [sender, ...recipients];
    const existing = await tx
      .objectStore('conversations')
      .index('byParticipantSet')
      .get(participantSetKey(participants.map(partyKey)));
    return this.append(tx, existing ? { existing } : { fresh: { participants, startedBy: sender } }, draft);
  }

  private async append(
    tx: WriteTx,
    target: Parameters<typeof appendMessage>[1],
    draft: { clientId: string; body: string; asGroup: string | undefined },
  ): Promise<Appended & { fresh: true }> {
    const at = await this.host.database.tick(tx);
    const appended = await appendMessage(tx, target, {
      authorId: this.viewerId,
      clientId: draft.clientId,
      body: draft.body,
      at,
      ...(draft.asGroup === undefined ? {} : { onBehalfOf: draft.asGroup }),
    });
    return { ...appended, fresh: true };
  }

  private async read<T>(options: RequestOptions | undefined, work: (tx: ReadTx) => Promise<T>): Promise<T> {
    await this.whenReady(options?.signal);
    return this.host.database.read(options?.signal, work);
  }

  private async write<T>(options: RequestOptions | undefined, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    await this.whenReady(options?.signal);
    return this.host.database.write(options?.signal, work);
  }

  private async whenReady(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    if (this.closed) throw new UnavailableError('This conversation adapter has been closed.');
    await settleOrAbort(signal, this.host.ready());
  }
}

function messageNotice(appended: Appended): Notice {
  return {
    type: 'message',
    created: appended.created,
    conversation: appended.conversation,
    message: appended.message,
  };
}

function badCursor(): ValidationError {
  return new ValidationError('bad-cursor', 'That page link is no longer valid; reload the list.', {
    field: 'cursor',
  });
}

function badSettings(): ValidationError {
  return new ValidationError('bad-settings', 'Settings are "inApp" and "email", each on or off.', {
    field: 'settings',
  });
}

function badReport(): ValidationError {
  return new ValidationError('bad-report', 'Choose a message or a conversation to report.', {
    field: 'request',
  });
}

function checkReportTarget(target: unknown): ReportTarget {
  if (!isRecord(target) || !isId(target.conversationId)) throw badReport();
  if (target.kind === 'conversation') return { kind: 'conversation', conversationId: target.conversationId };
  if (target.kind === 'message' && isId(target.messageId)) {
    return { kind: 'message', conversationId: target.conversationId, messageId: target.messageId };
  }
  throw badReport();
}

function settingsOf(row: NotificationSettings | undefined): NotificationSettings {
  const settings = row ?? DEFAULT_NOTIFICATION_SETTINGS;
  return { inApp: settings.inApp, email: settings.email };
}

/**
 * The `count` newest conversations of the viewer, after `after` when given. Each party's inbox
 * gives its newest `count` rows in one request: a conversation ranked k-th overall is within the
 * first k of some party's inbox, since every conversation above it there is also above it
 * overall. The merge drops a conversation the viewer reaches through two parties.
 */
async function newestConversations(
  tx: ReadTx,
  parties: readonly string[],
  count: number,
  after: readonly [number, string] | undefined,
): Promise<ConversationRow[]> {
  const index = tx.objectStore('conversations').index('inbox');
  const streams = await Promise.all(parties.map((party) => index.getAll(inboxRange(party, after), count)));
  if (streams.length === 1) return streams[0]!;
  const byId = new Map<string, ConversationRow>();
  for (const row of streams.flat()) byId.set(row.id, row);
  return [...byId.values()]
    .sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count);
}
