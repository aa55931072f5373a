import { ContextProvider } from '@lit/context';
import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ConversationsAdapter } from '../../adapter/adapter.js';
import type { ConversationsClient } from '../../client/conversations-client.js';
import type * as ClientModuleNamespace from '../../client/conversations-client.js';
import type { DirectoryData } from '../../core/types.js';
import { clientContext } from '../../context/client-context.js';
import { providePageWide, releasePageWide } from '../../context/page-provision.js';
import { ensureContextRoot } from '../../context/context-root.js';
import { ConvElement } from '../../internal/conv-element.js';
import { warn } from '../../internal/dev-mode.js';
import { providerStyles } from './provider.styles.js';
import {
  isConversationsAdapter as isAdapter,
  isConversationsClient as isClient,
} from '../../context/guards.js';

type ClientModule = typeof ClientModuleNamespace;

/**
 * The client's module, loaded apart from the provider so that the envelope reaches the screen
 * before the client is downloaded. The download starts as soon as this module runs; once it is
 * here, clients are made synchronously.
 */
let clientModule: ClientModule | undefined;
const clientModuleLoading: Promise<ClientModule> = import('../../client/conversations-client.js').then(
  (module) => (clientModule = module),
);
// A failed load is reported by the provider that needed it.
clientModuleLoading.catch(() => undefined);

/**
 * Supplies a conversations client to the elements inside it, or with `global` to every element on
 * the page (a badge in the header and an inbox in the main column need no common wrapper).
 *
 * Give it a backend in one of three ways, the first one set wins:
 * - `client`: a `ConversationsClient` the page made (and keeps: the provider never disposes it);
 * - `adapter`: any `ConversationsAdapter`; the provider makes the client and disposes of it when
 *   it leaves the page;
 * - attributes, for pages without a build step: `viewer` (a member id), `dataset` (`demo`, or the
 *   URL of a JSON `DirectoryData`) and `database` (the IndexedDB name) set up the built-in local
 *   adapter, which is loaded only then.
 *
 * @tagname conv-provider
 * @summary Supplies the conversations client to the elements inside it, or to the whole page.
 *
 * @slot - Content whose conv-elements use this provider's client.
 */
export class ConvProvider extends ConvElement {
  static override styles = providerStyles;

  /** A client to provide as is. */
  @property({ attribute: false }) client?: ConversationsClient;

  /** An adapter to make the client over (ignored when `client` is set). */
  @property({ attribute: false }) adapter?: ConversationsAdapter;

  /** Local adapter: the member id of the viewer. Setting it selects the local adapter. */
  @property() viewer?: string;

  /**
   * Local adapter, attribute `dataset`: `demo` to seed the demo portal, or the URL of a JSON
   * `DirectoryData` (loaded into an empty database). Not named `dataset` as a property, which
   * every element already has for its `data-*` attributes.
   */
  @property({ attribute: 'dataset' }) seed?: string;

  /** Local adapter: the IndexedDB database holding the portal (default `conv-elements`). */
  @property() database?: string;

  /**
   * The IndexedDB database of the client's cache and outbox, for a client this element makes.
   * Default: one per viewer (`conv-elements-cache:<viewer>`, or with the local adapter
   * `conv-elements-cache:<database>:<viewer>`). Set it when one origin talks to several backends.
   */
  @property({ attribute: 'cache-name' }) cacheName?: string;

  /** Also provide the client to every element on the page, outside this element too. */
  @property({ type: Boolean }) global = false;

  private readonly provider = new ContextProvider(this, { context: clientContext });

  /** The client this element made (from `adapter` or attributes), and what it was made from. */
  private owned?: {
    readonly key: unknown;
    readonly cacheKey?: string;
    readonly client?: ConversationsClient;
  };
  /** Bumped whenever `owned` is let go, so a local adapter still loading knows it is no longer wanted. */
  private generation = 0;

  /** The client provided right now (the local adapter's appears once its module has loaded). */
  get providedClient(): ConversationsClient | undefined {
    return this.provider.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    ensureContextRoot();
    this.reconcile();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.releaseOwned();
    this.provide(undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['client', 'adapter', 'viewer', 'seed', 'database', 'cacheName', 'global'] as const;
    if (inputs.some((name) => changed.has(name))) this.reconcile();
  }

  override render() {
    return html`<slot></slot>`;
  }

  /** Provides what the current properties ask for, making or disposing of clients as needed. */
  private reconcile(): void {
    if (!this.isConnected) return;
    if (this.client !== undefined && !isClient(this.client)) {
      warn('<conv-provider>: `client` must be a ConversationsClient; ignoring it.', this.client);
    }
    if (this.adapter !== undefined && !isAdapter(this.adapter)) {
      warn('<conv-provider>: `adapter` must implement ConversationsAdapter; ignoring it.', this.adapter);
    }
    if (isClient(this.client)) {
      this.releaseOwned();
      this.provide(this.client);
    } else if (isAdapter(this.adapter)) {
      const key = `${this.cacheName ?? ''}`;
      if (this.owned?.key !== this.adapter || this.owned.cacheKey !== key) {
        this.releaseOwned();
        const options = this.cacheName ? { cacheName: this.cacheName } : {};
        if (clientModule) {
          const client = new clientModule.ConversationsClient(this.adapter, options);
          this.owned = { key: this.adapter, cacheKey: key, client };
        } else {
          this.owned = { key: this.adapter, cacheKey: key };
          void this.makeClientLater(this.adapter, options, this.generation);
        }
      }
      this.provide(this.owned?.client);
    } else if (this.viewer) {
      const key = JSON.stringify([this.database ?? '', this.viewer, this.seed ?? '', this.cacheName ?? '']);
      if (this.owned?.key !== key) {
        this.releaseOwned();
        this.owned = { key };
        void this.makeLocalClient(key, this.generation);
      }
      this.provide(this.owned?.client);
    } else {
      this.releaseOwned();
      this.provide(undefined);
    }
  }

  private provide(client: ConversationsClient | undefined): void {
    if (this.provider.value !== client) this.provider.setValue(client);
    if (client && this.global && this.isConnected) providePageWide(this, client);
    else releasePageWide(this);
  }

  private releaseOwned(): void {
    this.generation++;
    this.owned?.client?.dispose();
    this.owned = undefined;
  }

  /** Makes the client over `adapter` once the client's module has loaded, if still wanted. */
  private async makeClientLater(
    adapter: ConversationsAdapter,
    options: { cacheName?: string },
    generation: number,
  ): Promise<void> {
    try {
      const { ConversationsClient } = await clientModuleLoading;
      if (generation !== this.generation || !this.owned) return;
      const client = new ConversationsClient(adapter, options);
      this.owned = { ...this.owned, client };
      this.provide(client);
    } catch (error) {
      if (generation === this.generation) warn('<conv-provider>: could not load the client.', error);
    }
  }

  private async makeLocalClient(key: string, generation: number): Promise<void> {
    const viewer = this.viewer ?? '';
    const database = this.database || 'conv-elements';
    try {
      // Loaded here only, so a page that passes its own adapter never downloads the local one.
      const [{ createLocalAdapter }, seed, { ConversationsClient }] = await Promise.all([
        import('../../adapters/local/index.js'),
        this.loadSeed(this.seed),
        clientModuleLoading,
      ]);
      if (generation !== this.generation) return;
      const adapter = createLocalAdapter({ name: database, viewer, ...(seed === undefined ? {} : { seed }) });
      const client = new ConversationsClient(adapter, {
        viewerId: viewer,
        cacheName: this.cacheName || `conv-elements-cache:${database}:${viewer}`,
        closeAdapterOnDispose: true,
      });
      this.owned = { key, client };
      this.provide(client);
    } catch (error) {
      if (generation === this.generation) warn('<conv-provider>: could not set up the local adapter.', error);
    }
  }

  private async loadSeed(dataset: string | undefined): Promise<'demo' | DirectoryData | undefined> {
    if (!dataset) return undefined;
    if (dataset === 'demo') return 'demo';
    let url: URL;
    try {
      url = new URL(dataset, document.baseURI);
    } catch {
      warn(`<conv-provider>: dataset "${dataset}" is neither "demo" nor a URL.`);
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      warn(`<conv-provider>: dataset must be an http(s) URL, not ${url.protocol}`);
      return undefined;
    }
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      // The backend checks the directory in full and refuses bad data with a ValidationError.
      return (await response.json()) as DirectoryData;
    } catch (error) {
      // Offline after a first visit, the database already holds the directory: go on without.
      warn(`<conv-provider>: could not load the dataset ${url.href}; using what the database holds.`, error);
      return undefined;
    }
  }
}
