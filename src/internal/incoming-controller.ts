import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConversationsClient, IncomingMessage } from '../client/conversations-client.js';
import { clientContext } from '../context/client-context.js';
import { ensureContextRoot } from '../context/context-root.js';

/**
 * Calls `onMessage` for each message from someone else that reaches the provided client while
 * the host is connected. Follows the provider when it swaps clients (a "viewing as" switch), so
 * a notice never comes from the previous member's client.
 */
export class IncomingMessagesController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof clientContext, ReactiveControllerHost & HTMLElement>;
  private followed?: ConversationsClient;
  private unsubscribe?: () => void;
  private connected = false;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    private readonly onMessage: (incoming: IncomingMessage, client: ConversationsClient) => void,
  ) {
    ensureContextRoot();
    host.addController(this);
    this.consumer = new ContextConsumer(host, {
      context: clientContext,
      subscribe: true,
      callback: () => this.follow(),
    });
  }

  get client(): ConversationsClient | undefined {
    return this.consumer.value;
  }

  hostConnected(): void {
    this.connected = true;
    this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.follow();
  }

  private follow(): void {
    const client = this.connected ? this.consumer.value : undefined;
    if (client === this.followed) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.followed = client;
    if (client) this.unsubscribe = client.onIncoming((incoming) => this.onMessage(incoming, client));
  }
}
