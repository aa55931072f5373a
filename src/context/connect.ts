/**
 * `connect()`: one line that gives every element on the page a client (see `page-provision.ts`
 * for how the page-wide provision works).
 */
import type { ConversationsAdapter } from '../adapter/adapter.js';
import { ConversationsClient, type ClientOptions } from '../client/conversations-client.js';
import { isConversationsClient as isClient } from './guards.js';
import { pageWideSupplyOf, providePageWide, releasePageWide } from './page-provision.js';

export { providePageWide, releasePageWide };

/** The claim `connect()` makes, and the client it made (to dispose of when replaced). */
const CONNECT_OWNER = Symbol.for('conv-elements/connect');
const made = new WeakSet<ConversationsClient>();

/**
 * Gives every conv-elements element on the page this client, or a client over this adapter:
 *
 * ```js
 * import { connect } from 'conv-elements';
 * connect(myAdapter);
 * ```
 *
 * Calling it again replaces the page-wide client (a client it made itself is disposed of).
 * Returns the client, for calling its methods.
 */
export function connect(
  clientOrAdapter: ConversationsClient | ConversationsAdapter,
  options?: ClientOptions,
): ConversationsClient {
  const client = isClient(clientOrAdapter)
    ? clientOrAdapter
    : new ConversationsClient(clientOrAdapter, options);
  if (client !== clientOrAdapter) made.add(client);
  const previous = currentConnected();
  // A page that shows the list: its first page is asked for with the client's first requests,
  // not a round trip later once the list's code has loaded (the store keeps what it loads).
  if (document.querySelector('conv-inbox,conv-conversation-list')) client.conversations.subscribe(() => 0)();
  providePageWide(CONNECT_OWNER, { client, unread: client });
  if (previous && previous !== client && made.has(previous)) previous.dispose();
  return client;
}

/** Undoes `connect()`: the page-wide client goes away (and is disposed of if `connect` made it). */
export function disconnect(): void {
  const previous = currentConnected();
  releasePageWide(CONNECT_OWNER);
  if (previous && made.has(previous)) previous.dispose();
}

function currentConnected(): ConversationsClient | undefined {
  return pageWideSupplyOf(CONNECT_OWNER)?.client;
}
