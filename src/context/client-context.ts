/**
 * The one context key for the client. Keyed by `Symbol.for` so that two copies of the library on
 * one page (a theme and a plugin each bundling it) still find each other's provider.
 */
import { createContext, type Context } from '@lit/context';
import type { ConversationsClient } from '../client/conversations-client.js';

export const clientContext: Context<symbol, ConversationsClient | undefined> = createContext<
  ConversationsClient | undefined,
  symbol
>(Symbol.for('conv-elements/client'));
