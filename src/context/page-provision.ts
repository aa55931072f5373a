/**
 * Page-wide provision: a client (and the unread totals) that every element on the page finds,
 * wherever it sits (the badge in the header, the inbox in the main column, with no common
 * wrapper).
 *
 * Two `OnDemandProvider`s on `document.documentElement` answer every request that bubbles up to
 * them; a `<conv-provider>` closer to an element still wins, because it answers first. Whoever
 * claims the page supplies what it has, and is told when an element asks for something it has not
 * made yet (a `<conv-provider global>` makes the client only once an element needs it).
 * Shared through a global symbol, so two copies of the library on one page use one provision.
 *
 * Apart from `connect()`, which makes clients, so that a badge-only page need not load the client.
 */
import type { ConversationsClient } from '../client/conversations-client.js';
import type { UnreadTotalsHolder } from '../client/unread-totals.js';
import { clientContext } from './client-context.js';
import { ensureContextRoot } from './context-root.js';
import { OnDemandProvider } from './on-demand-provider.js';
import { unreadContext } from './unread-context.js';

type Wanted = 'client' | 'unread';

/** What a claimant supplies now, and how it hears that an element wants more. */
export interface Supply {
  readonly client?: ConversationsClient;
  readonly unread?: UnreadTotalsHolder;
  /** An element asked for `what`, which this supply does not hold yet. */
  demand?(what: Wanted): void;
}

interface Claim {
  readonly owner: object | symbol;
  readonly supply: Supply;
}

/**
 * Shared by every copy of the library on the page. What elements asked the page for is kept by
 * the providers (`wanted`): a claimant that arrives later is told at once.
 */
export interface PageProvision {
  readonly client: OnDemandProvider<typeof clientContext>;
  readonly unread: OnDemandProvider<typeof unreadContext>;
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
    // A request answered with nothing yet is passed on to the claimant as a demand.
    const demand = (what: Wanted) => () => demandMissing(claims.at(-1)?.supply, [what]);
    const client = new OnDemandProvider(root, { context: clientContext, onDemand: demand('client') });
    const unread = new OnDemandProvider(root, { context: unreadContext, onDemand: demand('unread') });
    // Not Lit hosts: announce them by hand, so the context root hands them the waiting consumers.
    client.hostConnected();
    unread.hostConnected();
    page = { client, unread, claims };
    global[PAGE] = page;
  }
  return page;
}

/** Tells `supply`'s owner which of `wanted` it has not made yet. */
function demandMissing(supply: Supply | undefined, wanted: Iterable<Wanted>): void {
  for (const what of wanted) if (supply && !supply[what]) supply.demand?.(what);
}

function publish(page: PageProvision): void {
  const supply = page.claims.at(-1)?.supply;
  page.client.setValue(supply?.client);
  page.unread.setValue(supply?.unread);
  // Elements that asked before this claimant arrived (a header above the provider) are still
  // subscribed and waiting: their wish is this claimant's to fulfil too.
  demandMissing(
    supply,
    (['client', 'unread'] as const).filter((what) => page[what].wanted),
  );
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
