/**
 * A context provider that makes its value only when a consumer first asks for it (the shape of
 * Home Assistant's `LazyContextProvider`): `<conv-provider>` makes the client, its cache and its
 * adapter only once an inbox asks, and the unread totals alone for a page with only the envelope.
 *
 * It wraps `@lit/context`'s `ContextProvider` and listens for requests before it does, so that a
 * value made at once (its module already loaded) is the answer to the very request that asked for
 * it. A request it cannot answer yet is still registered with the provider when it subscribes,
 * and answered when `setValue` brings the value.
 */
import { ContextProvider, type Context, type ContextType } from '@lit/context';
import type { ReactiveControllerHost } from '@lit/reactive-element';

export interface OnDemandProviderOptions<C extends Context<unknown, unknown>> {
  readonly context: C;
  /** A consumer asked; called for every request, so it must be cheap once the value is coming. */
  readonly onDemand: () => void;
}

export class OnDemandProvider<C extends Context<unknown, unknown>> {
  readonly #provider: ContextProvider<C>;
  #wanted = false;

  constructor(host: HTMLElement & Partial<ReactiveControllerHost>, options: OnDemandProviderOptions<C>) {
    host.addEventListener('context-request', (event) => {
      if (event.context !== options.context) return;
      // A host asking its own provider (a provider nested in another) is not a consumer of it.
      if ((event.contextTarget ?? event.composedPath()[0]) === host) return;
      this.#wanted = true;
      options.onDemand();
    });
    this.#provider = new ContextProvider(host, { context: options.context });
  }

  /** Whether a consumer asked since `forget()`: what to make again when the inputs change. */
  get wanted(): boolean {
    return this.#wanted;
  }

  /** No one is asking any more (the host left the page; its consumers ask again when it is back). */
  forget(): void {
    this.#wanted = false;
  }

  get value(): ContextType<C> | undefined {
    return this.#provider.value;
  }

  /** Provides `value` to every consumer that asked (and still listens), and to later ones. */
  setValue(value: ContextType<C> | undefined): void {
    this.#provider.setValue(value as ContextType<C>);
  }

  /**
   * For a host that is not a reactive controller host (`document.documentElement`): announces the
   * provider, so that the context root hands it the consumers waiting for one.
   */
  hostConnected(): void {
    this.#provider.hostConnected();
  }
}
