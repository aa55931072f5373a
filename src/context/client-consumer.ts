/**
 * The part every client-following controller shares: find the client through context, follow it
 * when the provider swaps it (a "viewing as" switch), and stop following while the host is
 * disconnected. Subclasses say what following means (a store, a stream of incoming messages).
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConversationsClient } from '../client/conversations-client.js';
import { clientContext } from './client-context.js';
import { ensureContextRoot } from './context-root.js';

export type ControllerHost = ReactiveControllerHost & HTMLElement;

export abstract class ClientConsumerController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof clientContext, ControllerHost>;
  private connected = false;

  constructor(protected readonly host: ControllerHost) {
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

  /** The client to follow now: none while the host is disconnected. */
  protected get followedClient(): ConversationsClient | undefined {
    return this.connected ? this.consumer.value : undefined;
  }

  hostConnected(): void {
    this.connected = true;
    this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
  }

  /** Starts following `followedClient` (or stops, when there is none), if not already done. */
  protected abstract follow(): void;

  /** Lets go of whatever `follow` subscribed to. */
  protected abstract release(): void;
}
