import type { ConversationsAdapter } from '../../adapter/adapter.js';
import type { ConversationsClient } from '../../client/conversations-client.js';
import { clientContext } from '../../context/client-context.js';
import { ensureContextRoot } from '../../context/context-root.js';
import {
  isConversationsAdapter as isAdapter,
  isConversationsClient as isClient,
} from '../../context/guards.js';
import { OnDemandBackend, type BackendInputs } from '../../context/on-demand-backend.js';
import { OnDemandProvider } from '../../context/on-demand-provider.js';
import { providePageWide, releasePageWide } from '../../context/page-provision.js';
import { unreadContext } from '../../context/unread-context.js';
import { DEV_MODE, warn } from '../../internal/dev-mode.js';
import { PlainElement } from '../../internal/plain-element.js';
import { providerStyles } from './provider.styles.js';

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
  static override properties = {
    client: { attribute: false },
    adapter: { attribute: false },
    viewer: {},
    seed: {},
    database: {},
    cacheName: { attribute: 'cache-name' },
    global: { type: Boolean },
  } as const;

  /** A client to provide as is. */
  declare client?: ConversationsClient;

  /** An adapter to make the client over (ignored when `client` is set). */
  declare adapter?: ConversationsAdapter;

  /**
   * Local adapter: the member id of the viewer. Setting it selects the local adapter.
   * @attr viewer
   */
  declare viewer?: string;

  /**
   * Local adapter: `demo` to seed the demo portal, or the URL of a JSON `DirectoryData` (loaded
   * into an empty database). Not `dataset`, which is every element's built-in map of its
   * `data-*` attributes (a framework that sets properties, as React 19 does, would hit it).
   * @attr seed
   */
  declare seed?: string;

  /**
   * Local adapter: the IndexedDB database holding the portal (default `conv-elements`).
   * @attr database
   */
  declare database?: string;

  /**
   * The IndexedDB database of the client's cache and outbox, for a client this element makes.
   * Default: one per viewer (`conv-elements-cache:<viewer>`, or with the local adapter
   * `conv-elements-cache:<database>:<viewer>`). Set it when one origin talks to several backends.
   * @attr cache-name
   */
  declare cacheName?: string;

  /**
   * Also provide the client to every element on the page, outside this element too.
   * @attr global
   */
  global = false;

  // Listening before the context providers do, each makes its value when first asked.
  readonly #clientProvider = new OnDemandProvider(this, {
    context: clientContext,
    onDemand: () => this.#made?.backend?.demand('client'),
  });
  readonly #unreadProvider = new OnDemandProvider(this, {
    context: unreadContext,
    onDemand: () => this.#made?.backend?.demand('unread'),
  });
  /** What this provider made from its inputs; `key` tells whether the inputs are still the same. */
  #made?: { readonly key: unknown; readonly cacheName?: string; readonly backend?: OnDemandBackend };

  constructor() {
    super();
    this.renderRoot.append(document.createElement('slot'));
  }

  /** The client provided right now: made once an element asks for one. */
  get providedClient(): ConversationsClient | undefined {
    return this.#clientProvider.value;
  }

  override connectedCallback(): void {
    if (DEV_MODE && this.hasAttribute('dataset') && !this.hasAttribute('seed')) {
      warn('<conv-provider>: the `dataset` attribute is now `seed` (`seed="demo"`); ignoring it.');
    }
    // Consumers that asked before this provider was here are handed to it by the context root,
    // once the context providers announce themselves (as controllers, in `super`).
    ensureContextRoot();
    super.connectedCallback();
    this.#reconcile();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Elements inside ask again when they are connected again.
    this.#clientProvider.forget();
    this.#unreadProvider.forget();
    this.#releaseMade();
    this.#supply();
  }

  protected update(): void {
    this.#reconcile();
  }

  /** Lets go of what no longer matches the inputs, and supplies what does. */
  #reconcile(): void {
    if (!this.isConnected) return;
    // Checks for the page's developer: production bundles drop them, messages and all.
    if (DEV_MODE && this.client !== undefined && !isClient(this.client)) {
      warn('<conv-provider>: `client` must be a ConversationsClient; ignoring it.', this.client);
    }
    if (DEV_MODE && this.adapter !== undefined && !isAdapter(this.adapter)) {
      warn('<conv-provider>: `adapter` must implement ConversationsAdapter; ignoring it.', this.adapter);
    }
    const key = this.#inputKey();
    if (this.#made?.key !== key || this.#made?.cacheName !== this.cacheName) {
      this.#releaseMade();
      const inputs = this.#inputs();
      const backend = inputs && new OnDemandBackend(inputs, this.cacheName, () => this.#supply());
      this.#made = { key, cacheName: this.cacheName, backend };
      // The elements that asked before still hold their subscriptions: they want the new ones.
      if (this.#clientProvider.wanted) backend?.demand('client');
      if (this.#unreadProvider.wanted) backend?.demand('unread');
    }
    this.#supply();
  }

  /** What the current inputs are, as one value that changes when any of them does. */
  #inputKey(): unknown {
    if (isClient(this.client)) return this.client;
    if (isAdapter(this.adapter)) return this.adapter;
    if (this.viewer) return JSON.stringify([this.database ?? '', this.viewer, this.seed ?? '']);
    return undefined;
  }

  /** What to make a client over: none for a client given as is, or no inputs at all. */
  #inputs(): BackendInputs | undefined {
    if (isClient(this.client)) return undefined;
    if (isAdapter(this.adapter)) return { adapter: this.adapter };
    if (!this.viewer) return undefined;
    const database = this.database || 'conv-elements';
    const seed = this.seed ? { seed: this.seed } : {};
    return { local: { viewer: this.viewer, database, baseURI: document.baseURI, ...seed } };
  }

  /** Provides what there is now, here and (with `global`) to the page. */
  #supply(): void {
    const given = this.isConnected && isClient(this.client) ? this.client : undefined;
    const backend = this.#made?.backend;
    const client = given ?? backend?.client;
    const unread = backend?.unread ?? client;
    this.#clientProvider.setValue(client);
    this.#unreadProvider.setValue(unread);
    if (this.global && this.isConnected && (given || backend)) {
      providePageWide(this, { client, unread, demand: (what) => backend?.demand(what) });
    } else {
      releasePageWide(this);
    }
  }

  #releaseMade(): void {
    this.#made?.backend?.dispose();
    this.#made = undefined;
  }
}
