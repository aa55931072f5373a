import type { ConversationsClient, IncomingMessage } from '../client/conversations-client.js';
import { ClientConsumerController, type ControllerHost } from './client-consumer.js';

/**
 * Calls `onMessage` for each message from someone else that reaches the provided client while
 * the host is connected. Follows the provider when it swaps clients (a "viewing as" switch), so
 * a notice never comes from the previous member's client.
 */
export class IncomingMessagesController extends ClientConsumerController {
  private followed?: ConversationsClient;
  private unsubscribe?: () => void;

  constructor(
    host: ControllerHost,
    private readonly onMessage: (incoming: IncomingMessage, client: ConversationsClient) => void,
  ) {
    super(host);
  }

  protected follow(): void {
    const client = this.followedClient;
    if (client === this.followed) return;
    this.release();
    this.followed = client;
    if (client) this.unsubscribe = client.onIncoming((incoming) => this.onMessage(incoming, client));
  }

  protected release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.followed = undefined;
  }
}
