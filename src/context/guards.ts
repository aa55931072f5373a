/**
 * Duck-typed checks for what a page hands a provider or `connect()`. Not `instanceof`: a page may
 * carry two copies of the library (a theme's bundle and a plugin's), whose classes differ. Type
 * imports only, so a provider can check a value without loading the client.
 */
import type { ConversationsAdapter } from '../adapter/adapter.js';
import type { ConversationsClient } from '../client/conversations-client.js';

export function isConversationsClient(value: unknown): value is ConversationsClient {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ConversationsClient).thread === 'function' &&
    typeof (value as ConversationsClient).signOut === 'function'
  );
}

export function isConversationsAdapter(value: unknown): value is ConversationsAdapter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ConversationsAdapter).subscribe === 'function' &&
    typeof (value as ConversationsAdapter).listConversations === 'function'
  );
}
