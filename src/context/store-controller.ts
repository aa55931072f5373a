/**
 * What every controller of this folder does: find the client through context (following it when
 * the provider swaps it), subscribe to one of its stores while the host is connected, and update
 * the host when the store changes. Hosts write one line: `private readonly unread = new
 * UnreadController(this);` and read `this.unread.value` in `render()`.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConversationsClient } from '../client/conversations-client.js';
import type { ReadableStore } from '../client/store.js';
import { warn } from '../internal/dev-mode.js';
import { clientContext } from './client-context.js';
import { ensureContextRoot } from './context-root.js';

export type ControllerHost = ReactiveControllerHost & HTMLElement;

export class ClientStoreController<T> implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof clientContext, ControllerHost>;
  private store?: ReadableStore<T>;
  private unsubscribe?: () => void;
  private connected = false;

  /**
   * @param select picks the store from the client; it is asked again before every host update,
   *   so it may depend on the host's properties (a thread's id). Returning `undefined` shows
   *   `fallback`.
   */
  constructor(
    protected readonly host: ControllerHost,
    private readonly select: (client: ConversationsClient) => ReadableStore<T> | undefined,
    private readonly fallback: T,
  ) {
    // Before the consumer's first request, so that the request waits for a late provider.
    ensureContextRoot();
    host.addController(this);
    this.consumer = new ContextConsumer(host, {
      context: clientContext,
      subscribe: true,
      callback: () => this.follow(),
    });
  }

  /** The client provided to the host, if any: for calling its methods. */
  get client(): ConversationsClient | undefined {
    return this.consumer.value;
  }

  /** The store's current value; `fallback` while no client (or no store) is there. */
  get value(): T {
    return this.store ? this.store.value : this.fallback;
  }

  hostConnected(): void {
    this.connected = true;
    this.follow();
  }

  hostUpdate(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Subscribes to the store that `select` names now, if it is not the one already followed. */
  private follow(): void {
    const client = this.connected ? this.consumer.value : undefined;
    let store: ReadableStore<T> | undefined;
    try {
      store = client ? this.select(client) : undefined;
    } catch (error) {
      warn('could not follow the conversations client.', error);
    }
    if (store === this.store && (this.unsubscribe !== undefined || store === undefined)) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.store = store;
    if (store) this.unsubscribe = store.subscribe(() => this.host.requestUpdate());
    this.host.requestUpdate();
  }
}
