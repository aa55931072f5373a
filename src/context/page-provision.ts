/**
 * Page-wide provision: a client (and the unread totals) that every element on the page finds,
 * wherever it sits (the badge in the header, the inbox in the main column, with no common
 * wrapper).
 *
 * Two `ContextProvider`s on `document.documentElement` answer every request that bubbles up to
 * them; a `<conv-provider>` closer to an element still wins, because it answers first. Whoever
 * claims the page supplies what it has, and is told when an element asks for something it has not
 * made yet (a `<conv-provider global>` makes the client only once an element needs it).
 * Shared through a global symbol, so two copies of the library on one page use one provision.
 *
 * Apart from `connect()`, which makes clients, so that a badge-only page need not load the client.
 */
import { ContextProvider, type Context, type ContextEvent } from '@lit/context';
import type { ConversationsClient } from '../client/conversations-client.js';
import type { UnreadTotalsHolder } from '../client/unread-totals.js';
import { clientContext } from './client-context.js';
import { ensureContextRoot } from './context-root.js';
import { unreadContext } from './unread-context.js';

/** What a claimant supplies now, and how it hears that an element wants more. */
export interface Supply {
  readonly client?: ConversationsClient;
  readonly unread?: UnreadTotalsHolder;
  /** An element asked for `what`, which this supply does not hold yet. */
  demand?(what: 'client' | 'unread'): void;
}

interface Claim {
  readonly owner: object | symbol;
  readonly supply: Supply;
}

export interface PageProvision {
  readonly client: ContextProvider<typeof clientContext>;
  readonly unread: ContextProvider<typeof unreadContext>;
  /** What elements asked the page for: a claimant that arrives later is told at once. */
  readonly requested: Set<'client' | 'unread'>;
  /** Who asked to provide, oldest first; the newest is provided, the next takes over when it leaves. */
  readonly claims: Claim[];
}

export const PAGE = Symbol.for('conv-elements/page-provision');

function provision(): PageProvision {
  const global = globalThis as { [PAGE]?: PageProvision };
  let page = global[PAGE];
  if (!page) {
    ensureContextRoot();
    const root = document.documentElement;
    const claims: Claim[] = [];
    const requested = new Set<'client' | 'unread'>();
    // Before the providers' own listeners: a request they answer with nothing yet is passed on
    // to the claimant as a demand.
    root.addEventListener('context-request', (event: ContextEvent<Context<unknown, unknown>>) => {
      const what =
        event.context === clientContext ? 'client' : event.context === unreadContext ? 'unread' : undefined;
      if (!what) return;
      requested.add(what);
      demandMissing(claims.at(-1)?.supply, [what]);
    });
    const client = new ContextProvider(root, { context: clientContext });
    const unread = new ContextProvider(root, { context: unreadContext });
    // Not Lit hosts: announce them by hand, so the context root hands them the waiting consumers.
    client.hostConnected();
    unread.hostConnected();
    page = { client, unread, claims, requested };
    global[PAGE] = page;
  }
  return page;
}

/** Tells `supply`'s owner which of `wanted` it has not made yet. */
function demandMissing(supply: Supply | undefined, wanted: Iterable<'client' | 'unread'>): void {
  for (const what of wanted) if (supply && !supply[what]) supply.demand?.(what);
}

function publish(page: PageProvision): void {
  const supply = page.claims.at(-1)?.supply;
  page.client.setValue(supply?.client);
  page.unread.setValue(supply?.unread);
  // Elements that asked before this claimant arrived (a header above the provider) are still
  // subscribed and waiting: their wish is this claimant's to fulfil too.
  demandMissing(supply, page.requested);
}

/** Makes `supply` the page-wide one on behalf of `owner` (a `<conv-provider global>`, or `connect`). */
export function providePageWide(owner: object | symbol, supply: Supply): void {
  const page = provision();
  const index = page.claims.findIndex((claim) => claim.owner === owner);
  if (index >= 0) page.claims.splice(index, 1);
  page.claims.push({ owner, supply });
  publish(page);
}

/** Withdraws `owner`'s page-wide supply; an earlier claim, if any, is provided again. */
export function releasePageWide(owner: object | symbol): void {
  const page = (globalThis as { [PAGE]?: PageProvision })[PAGE];
  if (!page) return;
  const index = page.claims.findIndex((claim) => claim.owner === owner);
  if (index < 0) return;
  page.claims.splice(index, 1);
  publish(page);
}

/** The page-wide supply `owner` claimed, if it still holds a claim. */
export function pageWideSupplyOf(owner: object | symbol): Supply | undefined {
  const page = (globalThis as { [PAGE]?: PageProvision })[PAGE];
  return page?.claims.find((claim) => claim.owner === owner)?.supply;
}
