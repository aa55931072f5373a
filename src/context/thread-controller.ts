import { IDLE_THREAD } from '../client/idle-states.js';
import type { ThreadState } from '../client/conversations-client.js';
import type { ConversationId } from '../core/types.js';
import { ClientStoreController, type ControllerHost } from './store-controller.js';

/**
 * One conversation's messages. `id` is read before every update of the host, so passing
 * `() => this.conversationId` follows the property as it changes; `undefined` shows an idle thread.
 */
export class ThreadController extends ClientStoreController<ThreadState> {
  constructor(host: ControllerHost, id: () => ConversationId | undefined) {
    super(
      host,
      (client) => {
        const current = id();
        return current === undefined || current === '' ? undefined : client.thread(current);
      },
      IDLE_THREAD,
    );
  }
}
