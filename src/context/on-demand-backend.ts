/**
 * What a `<conv-provider>` makes from its inputs, each part only once an element asks for it: the
 * unread totals alone for a page with only the envelope (read through an `UnreadSource`, which
 * for the built-in local adapter is one row of its database), and the client, its cache and the
 * adapter once an element needs them (an inbox, a thread). Whatever is not asked for is never
 * downloaded: the client's module and the local adapter are loaded by `import()`.
 *
 * One instance per set of inputs: the provider disposes of it and makes another when they change.
 */
import type { ConversationsAdapter } from '../adapter/adapter.js';
import { unreadSourceOf, type UnreadSource } from '../adapter/unread-source.js';
import { openLocalUnreadSource } from '../adapters/local/unread-source.js';
import type { ClientOptions, ConversationsClient } from '../client/conversations-client.js';
import type * as ClientModuleNamespace from '../client/conversations-client.js';
import { UnreadTotals, type UnreadTotalsHolder } from '../client/unread-totals.js';
import { DEV_MODE, warn } from '../internal/dev-mode.js';

type ClientModule = typeof ClientModuleNamespace;

/**
 * The client's module, loaded the first time an element asks for a client: a page with only the
 * envelope never loads it. Once here, clients are made synchronously.
 */
let clientModule: ClientModule | undefined;
let clientModuleLoading: Promise<ClientModule> | undefined;
function loadClientModule(): Promise<ClientModule> {
  clientModuleLoading ??= import('../client/conversations-client.js').then(
    (module) => (clientModule = module),
  );
  return clientModuleLoading;
}

/** The built-in local adapter, configured by the provider's attributes. */
export interface LocalInputs {
  readonly viewer: string;
  /** The IndexedDB database holding the portal. */
  readonly database: string;
  /** `demo`, or the URL of a JSON `DirectoryData`, resolved against `baseURI`. */
  readonly seed?: string;
  readonly baseURI: string;
}

export type BackendInputs = { readonly adapter: ConversationsAdapter } | { readonly local: LocalInputs };

export class OnDemandBackend {
  #client?: ConversationsClient;
  #totals?: UnreadTotals;
  /** A client is on its way (its module, the local adapter or a seed are loading). */
  #clientComing = false;
  /** Setting the client up failed: not tried again for these inputs by the totals' fallback. */
  #clientFailed = false;
  #totalsComing = false;
  #unreadWanted = false;
  #disposed = false;

  readonly #inputs: BackendInputs;
  readonly #cacheName: string | undefined;
  readonly #changed: () => void;

  /**
   * @param cacheName the client's cache and outbox database, when the page names it.
   * @param changed called whenever `client` or `unread` changes.
   */
  constructor(inputs: BackendInputs, cacheName: string | undefined, changed: () => void) {
    this.#inputs = inputs;
    this.#cacheName = cacheName;
    this.#changed = changed;
  }

  /** The client, once one was asked for and made. */
  get client(): ConversationsClient | undefined {
    return this.#client;
  }

  /** The unread totals: made alone, and fed by the client once there is one; or the client's. */
  get unread(): UnreadTotalsHolder | undefined {
    return this.#totals ?? this.#client;
  }

  /** An element asked for the client, or for the unread totals: make it, if it is not there. */
  demand(what: 'client' | 'unread'): void {
    if (what === 'unread') this.#unreadWanted = true;
    if (this.#disposed || this.#client || this.#clientComing) return;
    if (what === 'client') {
      this.#clientComing = true;
      void this.#makeClient();
    } else if (!this.#totals && !this.#totalsComing) {
      this.#totalsComing = true;
      void this.#makeTotals();
    }
  }

  /**
   * Lets go of everything made (the client does not dispose of totals it was given); work still
   * loading is dropped when it arrives.
   */
  dispose(): void {
    this.#disposed = true;
    this.#client?.dispose();
    this.#totals?.dispose();
    this.#client = undefined;
    this.#totals = undefined;
  }

  async #makeClient(): Promise<void> {
    try {
      const client =
        'adapter' in this.#inputs
          ? this.#clientOver(this.#inputs.adapter, clientModule ?? (await loadClientModule()))
          : await this.#localClient(this.#inputs.local);
      if (this.#disposed) {
        client.dispose();
        return;
      }
      this.#client = client;
      this.#changed();
    } catch (error) {
      if (this.#disposed) return;
      this.#clientComing = false;
      this.#clientFailed = true;
      if (DEV_MODE) warn('<conv-provider>: could not set up the client.', error);
      // The envelope can still have its totals, which need far less.
      if (this.#unreadWanted) this.demand('unread');
    }
  }

  /**
   * Totals made before the client are handed to it, which keeps them fed from then on (moving
   * them at once when the member reads): the envelope goes on following the same store.
   */
  #options(options: ClientOptions): ClientOptions {
    return this.#totals ? { ...options, unreadTotals: this.#totals } : options;
  }

  #clientOver(adapter: ConversationsAdapter, module: ClientModule): ConversationsClient {
    return new module.ConversationsClient(
      adapter,
      this.#options(this.#cacheName ? { cacheName: this.#cacheName } : {}),
    );
  }

  async #localClient({ viewer, database, seed, baseURI }: LocalInputs): Promise<ConversationsClient> {
    // The demo's data, asked for beside the adapter rather than once the adapter has loaded (a
    // round trip more on a slow phone); the backend imports it again when it seeds, and decides
    // there whether a failure to load it matters (not for a database seeded before).
    if (seed === 'demo') import('../adapters/local/demo-directory.js').catch(() => undefined);
    // Loaded here only, so a page that passes its own adapter never downloads the local one.
    const [{ createLocalAdapter, loadDataset }, { ConversationsClient }] = await Promise.all([
      import('../adapters/local/index.js'),
      loadClientModule(),
    ]);
    const directory = await loadDataset(seed, baseURI);
    const adapter = createLocalAdapter({
      name: database,
      viewer,
      ...(directory === undefined ? {} : { seed: directory }),
    });
    return new ConversationsClient(
      adapter,
      this.#options({
        viewerId: viewer,
        cacheName: this.#cacheName || `conv-elements-cache:${database}:${viewer}`,
        closeAdapterOnDispose: true,
      }),
    );
  }

  async #makeTotals(): Promise<void> {
    let source: UnreadSource | undefined;
    try {
      source =
        'adapter' in this.#inputs
          ? unreadSourceOf(this.#inputs.adapter)
          : await openLocalUnreadSource(this.#inputs.local.database, this.#inputs.local.viewer);
    } catch (error) {
      if (DEV_MODE) warn('<conv-provider>: could not read the unread totals.', error);
    }
    if (!this.#disposed) this.#totalsComing = false;
    if (this.#disposed || this.#client || this.#clientComing) {
      // No longer wanted, or the client (which keeps the totals too) is on its way.
      source?.close?.();
      return;
    }
    if (!source) {
      // No database yet, or one to upgrade: that is the local adapter's to do, with the client.
      if (!this.#clientFailed) this.demand('client');
      return;
    }
    this.#totals = new UnreadTotals(source);
    this.#changed();
  }
}
