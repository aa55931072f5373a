/**
 * One member in two tabs over one local backend, behind one faulty network: the world of the
 * no-loss model test. Each tab is a `ConversationsClient` on the same cache and outbox (as two
 * tabs of one browser are), watching what a page would show: the list, the unread totals and the
 * threads of the world's conversations. A reload disposes a tab's client and makes a new one on
 * the same cache. Only public surfaces are used: the client facade and the local adapter.
 */
import { deleteDB } from 'idb';
import type { ConversationsAdapter } from '../../src/adapter/adapter.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient } from '../../src/client/index.js';
import type { Conversation, ConversationId, Message } from '../../src/core/types.js';
import { faultyEdge, healthyNetwork, type EdgeFaults } from './faulty-edge.js';
import { uniqueDatabaseName } from './local-backend.js';

export const VIEWER = 'm1';
export const OTHER = 'm2';
/** The backend keeps the default limit (1,000); the edge tells the client 2,000. */
export const ADVERTISED_LIMIT = 2000;

/** A message somebody asked for, and what became of the asking. */
export interface Written {
  readonly author: typeof VIEWER | typeof OTHER;
  readonly conversationId: ConversationId;
  readonly body: string;
  readonly clientId: string;
  /** Over the backend's limit: it must end failed in the outbox and never reach the backend. */
  readonly refusedByBackend: boolean;
}

interface Tab {
  client: ConversationsClient;
  stop: () => void;
}

export class TwoTabs {
  readonly faults: EdgeFaults = healthyNetwork();
  readonly written: Written[] = [];
  /** Bodies the client refused at once: they must never be stored or shown. */
  readonly rejected: string[] = [];
  /** Bodies the backend committed through `sendMessage` (a refused one must never be among them). */
  readonly reached = new Set<string>();
  readonly tabs: Tab[] = [];
  readonly cacheName = uniqueDatabaseName('conv-model-cache');
  private readonly other: ConversationsAdapter;
  private readonly direct: ConversationsAdapter;
  private sequence = 0;
  /** In every body this run writes: what is this run's in a shared conversation. */
  readonly stamp = Math.random().toString(36).slice(2, 8);

  constructor(
    readonly backend: LocalBackend,
    readonly conversations: readonly ConversationId[],
    readonly retryMs: number,
  ) {
    this.other = backend.adapterFor(OTHER);
    this.direct = backend.adapterFor(VIEWER);
    this.tabs.push(this.openTab(), this.openTab());
  }

  /**
   * Two conversations of the viewer: with the other member, and with them and a third. Several
   * runs may share them (starting conversations is most of a run's cost): the checks look at
   * what the backend holds and at this run's messages, so earlier runs' settled ones are fine.
   */
  static async startConversations(backend: LocalBackend): Promise<ConversationId[]> {
    const other = backend.adapterFor(OTHER);
    const third = backend.adapterFor('m3');
    const stamp = uniqueDatabaseName('start');
    try {
      const a = await other.startConversation({
        recipients: [{ kind: 'member', id: VIEWER }],
        body: `${stamp} from m2`,
        clientId: `${stamp}-a`,
      });
      const b = await third.startConversation({
        recipients: [
          { kind: 'member', id: VIEWER },
          { kind: 'member', id: OTHER },
        ],
        body: `${stamp} from m3`,
        clientId: `${stamp}-b`,
      });
      return [a.conversation.id, b.conversation.id];
    } finally {
      third.close?.();
      other.close?.();
    }
  }

  private openTab(): Tab {
    const edge = faultyEdge(this.backend.adapterFor(VIEWER), this.faults, {
      advertisedPolicy: { maxMessageLength: ADVERTISED_LIMIT, maxMessageBytes: 4 * ADVERTISED_LIMIT },
      onSendReached: (input) => this.reached.add(input.body),
    });
    const client = new ConversationsClient(edge, {
      cacheName: this.cacheName,
      viewerId: VIEWER,
      retry: { baseDelayMs: this.retryMs, maxDelayMs: 4 * this.retryMs },
      // Whole threads on one page, also when earlier runs wrote to the same conversations.
      pageSize: 100,
      closeAdapterOnDispose: true,
    });
    // What a page shows: subscribing is what makes the client load and follow these.
    const stops = [
      client.conversations.subscribe(() => undefined),
      client.unread.subscribe(() => undefined),
      ...this.conversations.map((id) => client.thread(id).subscribe(() => undefined)),
    ];
    return { client, stop: () => stops.forEach((stop) => stop()) };
  }

  nextBody(prefix: string, length = 0): string {
    const tag = `${this.stamp}-${prefix}-${this.sequence++}`;
    return length > tag.length ? tag + 'x'.repeat(length - tag.length) : tag;
  }

  /** The viewer writes from a tab; a send the client refuses at once is not written. */
  async send(tab: number, conversation: number, body: string, refusedByBackend: boolean): Promise<void> {
    const conversationId = this.conversations[conversation]!;
    let sent: { clientId: string };
    try {
      sent = await this.tabs[tab]!.client.send(conversationId, body);
    } catch {
      // Not accepted (e.g. the tab has not heard of the viewer yet, offline): nothing to keep.
      return;
    }
    this.written.push({ author: VIEWER, conversationId, body, clientId: sent.clientId, refusedByBackend });
  }

  /** The other member writes, straight to the backend. */
  async otherWrites(conversation: number): Promise<void> {
    const conversationId = this.conversations[conversation]!;
    const body = this.nextBody('other');
    const clientId = `model-${body}`;
    await this.other.sendMessage({ conversationId, body, clientId });
    this.written.push({ author: OTHER, conversationId, body, clientId, refusedByBackend: false });
  }

  reload(tab: number): void {
    const old = this.tabs[tab]!;
    old.stop();
    old.client.dispose();
    this.tabs[tab] = this.openTab();
  }

  setOnline(online: boolean): void {
    this.faults.unavailable = !online;
    if (online) window.dispatchEvent(new Event('online'));
  }

  heal(): void {
    this.faults.dropAnswers = false;
    this.faults.duplicateEvents = false;
    this.faults.lateEventsMs = 0;
    this.setOnline(true);
  }

  /** What the backend holds, as the viewer reads it. */
  async truth(): Promise<{
    list: readonly Conversation[];
    unread: { total: number; conversations: number };
    threads: Map<ConversationId, readonly Message[]>;
  }> {
    const [list, unread, ...pages] = await Promise.all([
      this.direct.listConversations(),
      this.direct.getUnreadSummary(),
      ...this.conversations.map((id) => this.direct.listMessages(id, { limit: 100 })),
    ]);
    const threads = new Map(this.conversations.map((id, index) => [id, pages[index]!.items]));
    return {
      list: list.items,
      unread: { total: unread.total, conversations: unread.conversations },
      threads,
    };
  }

  async close(): Promise<void> {
    for (const tab of this.tabs) {
      tab.stop();
      tab.client.dispose();
    }
    this.other.close?.();
    this.direct.close?.();
    await deleteDB(this.cacheName);
  }
}
