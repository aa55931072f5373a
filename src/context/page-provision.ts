/**
 * Page-wide provision: a client that every element on the page finds, wherever it sits (the badge
 * in the header, the inbox in the main column, with no common wrapper).
 *
 * A `ContextProvider` on `document.documentElement` answers every context request that bubbles
 * up to it; a `<conv-provider>` closer to an element still wins, because it answers first.
 * Shared through a global symbol, so two copies of the library on one page use one provision.
 *
 * Apart from `connect()`, which makes clients, so that a badge-only page need not load the client
 * before the envelope is on screen.
 */
import { ContextProvider } from '@lit/context';
import type { ConversationsClient } from '../client/conversations-client.js';
import { clientContext } from './client-context.js';
import { ensureContextRoot } from './context-root.js';

interface Claim {
  readonly owner: object | symbol;
  readonly client: ConversationsClient;
}

export interface PageProvision {
  readonly provider: ContextProvider<typeof clientContext>;
  /** Who asked to provide, oldest first; the newest is provided, the next takes over when it leaves. */
  readonly claims: Claim[];
}

export const PAGE = Symbol.for('conv-elements/page-provider');

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
