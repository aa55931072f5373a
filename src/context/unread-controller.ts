import { NO_UNREAD } from '../client/idle-states.js';
import type { UnreadSummary } from '../core/types.js';
import { ClientStoreController, type ControllerHost } from './store-controller.js';

/** The viewer's unread totals, `{ total: 0, conversations: 0 }` until known. */
export class UnreadController extends ClientStoreController<UnreadSummary> {
  constructor(host: ControllerHost) {
    super(host, (client) => client.unread, NO_UNREAD);
  }
}
