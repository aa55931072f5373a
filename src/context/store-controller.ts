/**
 * What every controller of this folder does: find the client through context (following it when
 * the provider swaps it), subscribe to one of its stores while the host is connected, and update
 * the host when the store changes. Hosts write one line: `private readonly unread = new
 * UnreadController(this);` and read `this.unread.value` in `render()`.
 */
import type { ConversationsClient } from '../client/conversations-client.js';
import type { ReadableStore } from '../client/store.js';
import { warn } from '../internal/dev-mode.js';
import { ClientConsumerController, type ControllerHost } from './client-consumer.js';

export type { ControllerHost };

export class ClientStoreController<T> extends ClientConsumerController {
  private store?: ReadableStore<T>;
  private unsubscribe?: () => void;

  /**
   * @param select picks the store from the client; it is asked again before every host update,
   *   so it may depend on the host's properties (a thread's id). Returning `undefined` shows
   *   `fallback`.
   */
  constructor(
    host: ControllerHost,
    private readonly select: (client: ConversationsClient) => ReadableStore<T> | undefined,
    private readonly fallback: T,
  ) {
    super(host);
  }

  /** The store's current value; `fallback` while no client (or no store) is there. */
  get value(): T {
    return this.store ? this.store.value : this.fallback;
  }

  hostUpdate(): void {
    this.follow();
  }

  protected release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Subscribes to the store that `select` names now, if it is not the one already followed. */
  protected follow(): void {
    const client = this.followedClient;
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
