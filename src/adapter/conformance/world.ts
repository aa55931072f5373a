/**
 * One test's backend: made fresh through the adapter author's factory, loaded with the fixture
 * directory, with adapters per member and the small steps every scenario repeats.
 */
import type { ConversationsAdapter, StartConversationResult } from '../adapter.js';
import type { Conversation, Message, PartyRef } from '../../core/types.js';
import { assert, fail, show } from './assert.js';
import { DIRECTORY, newClientId } from './fixture.js';
import type { ConformanceBackend, ConformanceFactory, ConformanceFactoryOptions } from './harness.js';
import { EventRecorder } from './recorder.js';

/** Safety net for a cursor that never ends: no test here needs more pages than this. */
const MAX_PAGES = 200;

export class World {
  private readonly adapters = new Map<string, ConversationsAdapter>();
  private readonly recorders: EventRecorder[] = [];

  constructor(
    readonly backend: ConformanceBackend,
    private readonly eventTimeoutMs: number,
  ) {}

  /** The adapter of a member: one per member in a world, so its subscribers see its events. */
  async as(memberId: string): Promise<ConversationsAdapter> {
    let adapter = this.adapters.get(memberId);
    if (!adapter) {
      adapter = await this.backend.adapterFor(memberId);
      this.adapters.set(memberId, adapter);
    }
    return adapter;
  }

  /** Another adapter for the same member, as a second tab or device would have. */
  async anotherTab(memberId: string): Promise<ConversationsAdapter> {
    return this.backend.adapterFor(memberId);
  }

  /** Starts recording an adapter's events; stopped when the test ends. */
  record(adapter: ConversationsAdapter, label: string): EventRecorder {
    const recorder = new EventRecorder(adapter, label, this.eventTimeoutMs);
    this.recorders.push(recorder);
    return recorder;
  }

  async start(
    by: ConversationsAdapter,
    recipients: readonly PartyRef[],
    body = 'Hello there',
    extra: { readonly asGroup?: string; readonly clientId?: string } = {},
  ): Promise<StartConversationResult> {
    return by.startConversation({ recipients, body, clientId: extra.clientId ?? newClientId(), ...extra });
  }

  async send(by: ConversationsAdapter, conversationId: string, body = 'A reply'): Promise<Message> {
    return by.sendMessage({ conversationId, body, clientId: newClientId() });
  }

  /** Every conversation the adapter lists, following `next` to the end. */
  async allConversations(adapter: ConversationsAdapter, limit?: number): Promise<Conversation[]> {
    const all: Conversation[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await adapter.listConversations(limit === undefined ? { after } : { after, limit });
      assert(Array.isArray(result.items), `listConversations returned no items array: ${show(result)}`);
      all.push(...result.items);
      if (result.next === undefined) return all;
      assert(typeof result.next === 'string', `a next cursor must be a string, got ${show(result.next)}`);
      after = result.next;
    }
    fail(`listConversations kept returning a next cursor after ${MAX_PAGES} pages`);
  }

  /** Ids of every conversation the adapter lists, in list order. */
  async conversationIds(adapter: ConversationsAdapter): Promise<string[]> {
    return (await this.allConversations(adapter)).map((conversation) => conversation.id);
  }

  /** Every message of a conversation, oldest first, following `before` to the start. */
  async allMessages(
    adapter: ConversationsAdapter,
    conversationId: string,
    limit?: number,
  ): Promise<Message[]> {
    const pages: (readonly Message[])[] = [];
    let before: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await adapter.listMessages(
        conversationId,
        limit === undefined ? { before } : { before, limit },
      );
      assert(Array.isArray(result.items), `listMessages returned no items array: ${show(result)}`);
      pages.unshift(result.items);
      if (result.before === undefined) return pages.flat();
      assert(
        typeof result.before === 'string',
        `a before cursor must be a string, got ${show(result.before)}`,
      );
      before = result.before;
    }
    fail(`listMessages kept returning a before cursor after ${MAX_PAGES} pages`);
  }

  async dispose(): Promise<void> {
    for (const recorder of this.recorders) recorder.stop();
    await this.backend.dispose();
  }
}

/** Makes the worlds of one test and disposes of them when it ends. */
export class WorldKeeper {
  private worlds: World[] = [];

  constructor(
    private readonly factory: ConformanceFactory,
    private readonly eventTimeoutMs: number,
  ) {}

  async create(options: ConformanceFactoryOptions = {}): Promise<World> {
    const backend = await this.factory(options);
    const world = new World(backend, this.eventTimeoutMs);
    this.worlds.push(world);
    await backend.loadDirectory(DIRECTORY);
    return world;
  }

  /** Disposes of every world made since the last call; the first failure is rethrown. */
  async disposeAll(): Promise<void> {
    const worlds = this.worlds;
    this.worlds = [];
    const results = await Promise.allSettled(worlds.map((world) => world.dispose()));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
