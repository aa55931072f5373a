/**
 * Helpers for the client's tests: a wrapper at the very edge of a real (local) adapter that can
 * act as an unreachable network, lose answers or hold a request, and a way to await a store.
 */
import { deleteDB } from 'idb';
import type {
  ConversationsAdapter,
  ListConversationsOptions,
  ListMessagesOptions,
  ReportInput,
  RequestOptions,
  SearchOptions,
  SendMessageInput,
  StartConversationInput,
} from '../../src/adapter/adapter.js';
import type { AdapterEventListener } from '../../src/adapter/events.js';
import type { ReadableStore } from '../../src/client/store.js';
import { UnavailableError } from '../../src/core/errors.js';
import type { ConversationId, MessageId, NotificationSettings, PartyRef } from '../../src/core/types.js';
import { uniqueDatabaseName } from '../helpers/local-backend.js';

/** Counts requests in flight across several edges, to show that two tabs never send at once. */
export class FlightCounter {
  current = 0;
  max = 0;
  enter(): void {
    this.current++;
    this.max = Math.max(this.max, this.current);
  }
  leave(): void {
    this.current--;
  }
}

/**
 * A real adapter behind a switch: while `unavailable`, every request fails as a network would
 * (the contract's `UnavailableError`) without reaching the backend. `loseSendAnswers` lets a send
 * reach the backend and then loses the answer, as a dropped connection would.
 */
export class EdgeAdapter implements ConversationsAdapter {
  unavailable = false;
  loseSendAnswers = false;
  /** Drops live events, as a broken event stream would. */
  muteEvents = false;
  /** Client ids of every `sendMessage` call, in call order, whether it got through or not. */
  readonly sendCalls: string[] = [];
  private listGate?: Promise<void>;
  private messagesGate?: Promise<void>;

  constructor(
    readonly inner: ConversationsAdapter,
    private readonly flights?: FlightCounter,
  ) {}

  /** Holds `listConversations` until the returned function is called. */
  holdConversations(): () => void {
    let release!: () => void;
    this.listGate = new Promise((resolve) => (release = resolve));
    return release;
  }

  /** Holds `listMessages` until the returned function is called. */
  holdMessages(): () => void {
    let release!: () => void;
    this.messagesGate = new Promise((resolve) => (release = resolve));
    return release;
  }

  private edge(): void {
    if (this.unavailable) throw new UnavailableError('The test network is down.');
  }

  async getViewer(options?: RequestOptions) {
    this.edge();
    return this.inner.getViewer(options);
  }
  async getPolicy(options?: RequestOptions) {
    this.edge();
    return this.inner.getPolicy(options);
  }
  async searchDirectory(query: string, options?: SearchOptions) {
    this.edge();
    return this.inner.searchDirectory(query, options);
  }
  async getParty(ref: PartyRef, options?: RequestOptions) {
    this.edge();
    return this.inner.getParty(ref, options);
  }
  async listConversations(options?: ListConversationsOptions) {
    this.edge();
    await this.listGate;
    this.edge();
    return this.inner.listConversations(options);
  }
  async getConversation(id: ConversationId, options?: RequestOptions) {
    this.edge();
    return this.inner.getConversation(id, options);
  }
  async listMessages(id: ConversationId, options?: ListMessagesOptions) {
    this.edge();
    await this.messagesGate;
    this.edge();
    return this.inner.listMessages(id, options);
  }
  async startConversation(input: StartConversationInput, options?: RequestOptions) {
    this.edge();
    return this.inner.startConversation(input, options);
  }
  async sendMessage(input: SendMessageInput, options?: RequestOptions) {
    this.sendCalls.push(input.clientId);
    this.flights?.enter();
    try {
      this.edge();
      const message = await this.inner.sendMessage(input, options);
      if (this.loseSendAnswers) throw new UnavailableError('The answer was lost on the way.');
      return message;
    } finally {
      this.flights?.leave();
    }
  }
  async markRead(id: ConversationId, upTo: MessageId, options?: RequestOptions) {
    this.edge();
    return this.inner.markRead(id, upTo, options);
  }
  async getUnreadSummary(options?: RequestOptions) {
    this.edge();
    return this.inner.getUnreadSummary(options);
  }
  async getSettings(options?: RequestOptions) {
    this.edge();
    return this.inner.getSettings(options);
  }
  async updateSettings(patch: Partial<NotificationSettings>, options?: RequestOptions) {
    this.edge();
    return this.inner.updateSettings(patch, options);
  }
  async report(input: ReportInput, options?: RequestOptions) {
    this.edge();
    return this.inner.report(input, options);
  }
  subscribe(listener: AdapterEventListener) {
    return this.inner.subscribe((event) => {
      if (!this.muteEvents) listener(event);
    });
  }
  close(): void {
    this.inner.close?.();
  }
}

/** Resolves with the store's value once `predicate` holds (at once if it already does). */
export function until<T>(store: ReadableStore<T>, predicate: (value: T) => boolean): Promise<T> {
  if (predicate(store.value)) return Promise.resolve(store.value);
  return new Promise((resolve) => {
    // The first subscriber may start the work that fills the store, which can set a value before
    // `subscribe` returns: the listener then stops once it has the unsubscribe function.
    let met = false;
    const unsubscribe = store.subscribe((value) => {
      if (met || !predicate(value)) return;
      met = true;
      queueMicrotask(() => unsubscribe());
      resolve(value);
    });
  });
}

/** Rejects when `promise` has not settled in `ms`: a liveness bound, not a timing assertion. */
export function within<T>(ms: number, promise: Promise<T>, what = 'the change'): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A cache database name for one test; `dropCaches` deletes every one handed out. */
const caches = new Set<string>();
export function cacheName(): string {
  const name = uniqueDatabaseName('conv-client-cache');
  caches.add(name);
  return name;
}
export async function dropCaches(): Promise<void> {
  const names = [...caches];
  caches.clear();
  await Promise.all(names.map((name) => deleteDB(name)));
}

/** Whether an IndexedDB database of that name exists in this origin. */
export async function databaseExists(name: string): Promise<boolean> {
  return (await indexedDB.databases()).some((database) => database.name === name);
}

/** The message bodies a member sees in a conversation, oldest first (straight from the backend). */
export async function backendBodies(adapter: ConversationsAdapter, id: ConversationId): Promise<string[]> {
  const page = await adapter.listMessages(id, { limit: 100 });
  return page.items.map((message) => message.body);
}
