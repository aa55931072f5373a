import { ContextProvider, type Context, type ContextEvent } from '@lit/context';
import type { ConversationsAdapter } from '../../adapter/adapter.js';
import { unreadSourceOf, type UnreadSource } from '../../adapter/unread-source.js';
import { openLocalUnreadSource } from '../../adapters/local/unread-source.js';
import type { ClientOptions, ConversationsClient } from '../../client/conversations-client.js';
import type * as ClientModuleNamespace from '../../client/conversations-client.js';
import { UnreadTotals, type UnreadTotalsHolder } from '../../client/unread-totals.js';
import { clientContext } from '../../context/client-context.js';
import { ensureContextRoot } from '../../context/context-root.js';
import {
  isConversationsAdapter as isAdapter,
  isConversationsClient as isClient,
} from '../../context/guards.js';
import { providePageWide, releasePageWide } from '../../context/page-provision.js';
import { unreadContext } from '../../context/unread-context.js';
import { DEV_MODE, warn } from '../../internal/dev-mode.js';
import { PlainElement } from '../../internal/plain-element.js';
import { providerStyles } from './provider.styles.js';

type ClientModule = typeof ClientModuleNamespace;

/**
 * The client's module, loaded the first time an element asks for a client: a page with only the
 * envelope never loads it. Once here, clients are made synchronously.
 */
let clientModule: ClientModule | undefined;
let clientModuleLoading: Promise<ClientModule> | undefined;
function loadClientModule(): Promise<ClientModule> {
  clientModuleLoading ??= import('../../client/conversations-client.js').then(
    (module) => (clientModule = module),
  );
  return clientModuleLoading;
}

/** What this provider made from its inputs; `key` tells whether the inputs are still the same. */
interface Made {
  readonly key: unknown;
  /** Part of the inputs for every kind: the same adapter with another cache is another client. */
  readonly cacheName?: string;
  client?: ConversationsClient;
  totals?: UnreadTotals;
  /** Until the client has read the totals itself, `totals` keeps serving them (no flicker to 0). */
  stopWaitingForClientTotals?: () => void;
  /** A client is on its way (its module, the local adapter or a seed are loading). */
  clientComing?: boolean;
  /** Setting the client up failed: not tried again for these inputs by the totals' fallback. */
  clientFailed?: boolean;
  totalsComing?: boolean;
}

/**
 * Supplies a conversations client to the elements inside it, or with `global` to every element on
 * the page (a badge in the header and an inbox in the main column need no common wrapper).
 *
 * Give it a backend in one of three ways, the first one set wins:
 * - `client`: a `ConversationsClient` the page made (and keeps: the provider never disposes it);
 * - `adapter`: any `ConversationsAdapter`; the provider makes the client and disposes of it when
 *   it leaves the page;
 * - attributes, for pages without a build step: `viewer` (a member id), `seed` (`demo`, or the
 *   URL of a JSON `DirectoryData`) and `database` (the IndexedDB name) set up the built-in local
 *   adapter, which is loaded only then.
 *
 * It makes only what the elements ask for. A page with only the envelope gets the unread totals
 * alone (with attributes, read straight from the local database), and the client, its cache and
 * the adapter are made, and downloaded, only once an element needs them (an inbox, a thread).
 *
 * Not a Lit element, on purpose: with the envelope it is all a header needs, in a few kilobytes.
 *
 * @tagname conv-provider
 * @summary Supplies the conversations client to the elements inside it, or to the whole page.
 *
 * @slot - Content whose conv-elements use this provider's client.
 */
export class ConvProvider extends PlainElement {
  static override styles = [providerStyles];
  static readonly observedAttributes = ['viewer', 'seed', 'database', 'cache-name', 'global'];

  #client?: ConversationsClient;
  #adapter?: ConversationsAdapter;
  #viewer?: string;
  #seed?: string;
  #database?: string;
  #cacheName?: string;
  #global = false;

  /** A client to provide as is. */
  get client(): ConversationsClient | undefined {
    return this.#client;
  }
  set client(value: ConversationsClient | undefined) {
    this.#client = value;
    this.requestUpdate();
  }

  /** An adapter to make the client over (ignored when `client` is set). */
  get adapter(): ConversationsAdapter | undefined {
    return this.#adapter;
  }
  set adapter(value: ConversationsAdapter | undefined) {
    this.#adapter = value;
    this.requestUpdate();
  }

  /**
   * Local adapter: the member id of the viewer. Setting it selects the local adapter.
   * @attr viewer
   */
  get viewer(): string | undefined {
    return this.#viewer;
  }
  set viewer(value: string | undefined) {
    this.#viewer = value;
    this.requestUpdate();
  }

  /**
   * Local adapter: `demo` to seed the demo portal, or the URL of a JSON `DirectoryData` (loaded
   * into an empty database). Not `dataset`, which is every element's built-in map of its
   * `data-*` attributes (a framework that sets properties, as React 19 does, would hit it).
   * @attr seed
   */
  get seed(): string | undefined {
    return this.#seed;
  }
  set seed(value: string | undefined) {
    this.#seed = value;
    this.requestUpdate();
  }

  /**
   * Local adapter: the IndexedDB database holding the portal (default `conv-elements`).
   * @attr database
   */
  get database(): string | undefined {
    return this.#database;
  }
  set database(value: string | undefined) {
    this.#database = value;
    this.requestUpdate();
  }

  /**
   * The IndexedDB database of the client's cache and outbox, for a client this element makes.
   * Default: one per viewer (`conv-elements-cache:<viewer>`, or with the local adapter
   * `conv-elements-cache:<database>:<viewer>`). Set it when one origin talks to several backends.
   * @attr cache-name
   */
  get cacheName(): string | undefined {
    return this.#cacheName;
  }
  set cacheName(value: string | undefined) {
    this.#cacheName = value;
    this.requestUpdate();
  }

  /**
   * Also provide the client to every element on the page, outside this element too.
   * @attr global
   */
  get global(): boolean {
    return this.#global;
  }
  set global(value: boolean) {
    this.#global = value;
    this.requestUpdate();
  }

  private readonly clientProvider: ContextProvider<typeof clientContext>;
  private readonly unreadProvider: ContextProvider<typeof unreadContext>;
  private made?: Made;
  /** What elements asked for while connected: made again when the inputs change. */
  private readonly wanted = new Set<'client' | 'unread'>();
  /** Bumped whenever `made` is let go, so that work still loading knows it is no longer wanted. */
  private generation = 0;

  constructor() {
    super();
    this.renderRoot.append(document.createElement('slot'));
    // Listening before the context providers do: a client made at once (its module already
    // here) is then the answer to the very request that asked for it.
    this.addEventListener('context-request', this.onRequest);
    this.clientProvider = new ContextProvider(this, { context: clientContext });
    this.unreadProvider = new ContextProvider(this, { context: unreadContext });
  }

  /** The client provided right now: made once an element asks for one. */
  get providedClient(): ConversationsClient | undefined {
    return this.clientProvider.value;
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    const text = value ?? undefined;
    if (name === 'viewer') this.viewer = text;
    else if (name === 'seed') this.seed = text;
    else if (name === 'database') this.database = text;
    else if (name === 'cache-name') this.cacheName = text;
    else if (name === 'global') this.global = value !== null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (DEV_MODE && this.hasAttribute('dataset') && !this.hasAttribute('seed')) {
      warn('<conv-provider>: the `dataset` attribute is now `seed` (`seed="demo"`); ignoring it.');
    }
    ensureContextRoot();
    // Consumers that asked before this provider was here are handed to it by the context root.
    this.clientProvider.hostConnected();
    this.unreadProvider.hostConnected();
    this.reconcile();
  }

  disconnectedCallback(): void {
    // Elements inside ask again when they are connected again.
    this.wanted.clear();
    this.releaseMade();
    this.supply();
  }

  protected update(): void {
    this.reconcile();
  }

  private readonly onRequest = (event: ContextEvent<Context<unknown, unknown>>): void => {
    if (event.context === clientContext) this.demand('client');
    else if (event.context === unreadContext) this.demand('unread');
  };

  /** Lets go of what no longer matches the inputs, and supplies what does. */
  private reconcile(): void {
    if (!this.isConnected) return;
    if (this.#client !== undefined && !isClient(this.#client)) {
      warn('<conv-provider>: `client` must be a ConversationsClient; ignoring it.', this.#client);
    }
    if (this.#adapter !== undefined && !isAdapter(this.#adapter)) {
      warn('<conv-provider>: `adapter` must implement ConversationsAdapter; ignoring it.', this.#adapter);
    }
    const key = this.inputKey();
    if (this.made?.key !== key || this.made?.cacheName !== this.#cacheName) {
      this.releaseMade();
      if (key !== undefined && !isClient(key)) this.made = { key, cacheName: this.#cacheName };
      // The elements that asked before still hold their subscriptions: they want the new ones.
      for (const what of ['client', 'unread'] as const) if (this.wanted.has(what)) this.demand(what);
    }
    this.supply();
  }

  /** What the current inputs are, as one value that changes when any of them does. */
  private inputKey(): unknown {
    if (isClient(this.#client)) return this.#client;
    if (isAdapter(this.#adapter)) return this.#adapter;
    if (this.#viewer) {
      return JSON.stringify([this.#database ?? '', this.#viewer, this.#seed ?? '']);
    }
    return undefined;
  }

  /** Provides what there is now, here and (with `global`) to the page. */
  private supply(): void {
    const given = this.isConnected && isClient(this.#client) ? this.#client : undefined;
    const client = given ?? this.made?.client;
    const unread: UnreadTotalsHolder | undefined = this.made?.totals ?? client;
    this.clientProvider.setValue(client);
    this.unreadProvider.setValue(unread);
    if (this.#global && this.isConnected && (given || this.made)) {
      providePageWide(this, { client, unread, demand: (what) => this.demand(what) });
    } else {
      releasePageWide(this);
    }
  }

  /** An element asked for the client, or for the unread totals: make it, if it is not there. */
  private demand(what: 'client' | 'unread'): void {
    if (this.isConnected) this.wanted.add(what);
    this.make(what);
  }

  private make(what: 'client' | 'unread'): void {
    const made = this.made;
    if (!made || made.client || made.clientComing) return;
    if (what === 'client') {
      made.clientComing = true;
      void this.makeClient(made, this.generation);
    } else if (!made.totals && !made.totalsComing) {
      made.totalsComing = true;
      void this.makeTotals(made, this.generation);
    }
  }

  private async makeClient(made: Made, generation: number): Promise<void> {
    const adapter = isAdapter(this.#adapter) ? this.#adapter : undefined;
    try {
      const client = adapter
        ? this.clientOver(adapter, clientModule ?? (await loadClientModule()))
        : await this.localClient();
      if (generation !== this.generation) {
        client.dispose();
        return;
      }
      made.client = client;
      if (made.totals) {
        // The client keeps the totals too (and moves them at once when a member reads), from its
        // first reading on; until then the totals already shown stay.
        made.stopWaitingForClientTotals = client.unread.subscribe(() => {
          made.stopWaitingForClientTotals?.();
          made.stopWaitingForClientTotals = undefined;
          made.totals?.dispose();
          made.totals = undefined;
          this.supply();
        });
      }
      this.supply();
    } catch (error) {
      if (generation === this.generation) {
        made.clientComing = false;
        made.clientFailed = true;
        warn('<conv-provider>: could not set up the client.', error);
        // The envelope can still have its totals, which need far less.
        if (this.wanted.has('unread')) this.make('unread');
      }
    }
  }

  private clientOver(adapter: ConversationsAdapter, module: ClientModule): ConversationsClient {
    const options: ClientOptions = this.#cacheName ? { cacheName: this.#cacheName } : {};
    return new module.ConversationsClient(adapter, options);
  }

  private async localClient(): Promise<ConversationsClient> {
    const viewer = this.#viewer ?? '';
    const database = this.#database || 'conv-elements';
    // Loaded here only, so a page that passes its own adapter never downloads the local one.
    const [{ createLocalAdapter, loadDataset }, { ConversationsClient }] = await Promise.all([
      import('../../adapters/local/index.js'),
      loadClientModule(),
    ]);
    const seed = await loadDataset(this.#seed, document.baseURI);
    const adapter = createLocalAdapter({ name: database, viewer, ...(seed === undefined ? {} : { seed }) });
    return new ConversationsClient(adapter, {
      viewerId: viewer,
      cacheName: this.#cacheName || `conv-elements-cache:${database}:${viewer}`,
      closeAdapterOnDispose: true,
    });
  }

  private async makeTotals(made: Made, generation: number): Promise<void> {
    let source: UnreadSource | undefined;
    try {
      source = isAdapter(this.#adapter)
        ? unreadSourceOf(this.#adapter)
        : await openLocalUnreadSource(this.#database || 'conv-elements', this.#viewer ?? '');
    } catch (error) {
      warn('<conv-provider>: could not read the unread totals.', error);
    }
    if (generation === this.generation) made.totalsComing = false;
    if (generation !== this.generation || made.client || made.clientComing) {
      // No longer wanted, or the client (which keeps the totals too) is on its way.
      source?.close?.();
      return;
    }
    if (!source) {
      // No database yet, or one to upgrade: that is the local adapter's to do, with the client.
      if (!made.clientFailed) this.make('client');
      return;
    }
    made.totals = new UnreadTotals(source);
    this.supply();
  }

  private releaseMade(): void {
    this.generation++;
    this.made?.stopWaitingForClientTotals?.();
    this.made?.client?.dispose();
    this.made?.totals?.dispose();
    this.made = undefined;
  }
}
