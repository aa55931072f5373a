/**
 * Page-wide provision: a client that every element on the page finds, wherever it sits (the badge
 * in the header, the inbox in the main column, with no common wrapper).
 *
 * A `ContextProvider` on `document.documentElement` answers every context request that bubbles
 * up to it; a `<conv-provider>` closer to an element still wins, because it answers first.
 * Shared through a global symbol, so two copies of the library on one page use one provision.
 */
import { ContextProvider } from '@lit/context';
import type { ConversationsAdapter } from '../adapter/adapter.js';
import { ConversationsClient, type ClientOptions } from '../client/conversations-client.js';
import { clientContext } from './client-context.js';
import { ensureContextRoot } from './context-root.js';

interface Claim {
  readonly owner: object | symbol;
  readonly client: ConversationsClient;
}

interface PageProvision {
  readonly provider: ContextProvider<typeof clientContext>;
  /** Who asked to provide, oldest first; the newest is provided, the next takes over when it leaves. */
  readonly claims: Claim[];
}

const PAGE = Symbol.for('conv-elements/page-provider');

function provision(): PageProvision {
  const global = globalThis as { [PAGE]?: PageProvision };
  let page = global[PAGE];
  if (!page) {
    ensureContextRoot();
    const provider = new ContextProvider(document.documentElement, { context: clientContext });
    // Not a Lit host: announce it by hand, so the context root hands it the waiting consumers.
    provider.hostConnected();
    page = { provider, claims: [] };
    global[PAGE] = page;
  }
  return page;
}

/** Makes `client` the page-wide client on behalf of `owner` (a `<conv-provider global>`, or `connect`). */
export function providePageWide(owner: object | symbol, client: ConversationsClient): void {
  const page = provision();
  const index = page.claims.findIndex((claim) => claim.owner === owner);
  if (index >= 0) page.claims.splice(index, 1);
  page.claims.push({ owner, client });
  page.provider.setValue(client);
}

/** Withdraws `owner`'s page-wide client; an earlier claim, if any, is provided again. */
export function releasePageWide(owner: object | symbol): void {
  const global = globalThis as { [PAGE]?: PageProvision };
  const page = global[PAGE];
  if (!page) return;
  const index = page.claims.findIndex((claim) => claim.owner === owner);
  if (index < 0) return;
  page.claims.splice(index, 1);
  page.provider.setValue(page.claims.at(-1)?.client);
}

function isClient(value: unknown): value is ConversationsClient {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ConversationsClient).thread === 'function' &&
    typeof (value as ConversationsClient).signOut === 'function'
  );
}

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
  providePageWide(CONNECT_OWNER, client);
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
  const page = (globalThis as { [PAGE]?: PageProvision })[PAGE];
  return page?.claims.find((claim) => claim.owner === CONNECT_OWNER)?.client;
}
