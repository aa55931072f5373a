import { IDLE_LIST } from '../client/idle-states.js';
import type { ConversationListState } from '../client/conversations-client.js';
import { ClientStoreController, type ControllerHost } from './store-controller.js';

/** The viewer's conversation list (cached first, then live). */
export class ConversationsController extends ClientStoreController<ConversationListState> {
  constructor(host: ControllerHost) {
    super(host, (client) => client.conversations, IDLE_LIST);
  }
}
