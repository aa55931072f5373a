/**
 * What the compose and contact-button tests share: a local backend in a fresh database, a client
 * with a fresh cache for one viewer, and small readers of compose's shadow DOM.
 */
import { waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConversationsAdapter } from '../../../src/adapter/adapter.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import type { ConvCompose } from '../../../src/components/compose/compose.js';
import type { Policy } from '../../../src/core/policy.js';
import type { MemberId } from '../../../src/core/types.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';
import '../../../src/define/conv-provider.js';
import '../../../src/define/conv-compose.js';

export interface Harness {
  readonly backend: LocalBackend;
  readonly client: ConversationsClient;
  readonly adapter: ConversationsAdapter;
  dispose(): Promise<void>;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** A backend loaded with the fixture directory, and a client for `viewer` over it. */
export async function harness(
  viewer: MemberId,
  options: {
    policy?: Partial<Policy>;
    adapter?: (adapter: ConversationsAdapter) => ConversationsAdapter;
  } = {},
): Promise<Harness> {
  const backend = await freshBackend({ policy: options.policy });
  const local = backend.adapterFor(viewer);
  const adapter = options.adapter ? options.adapter(local) : local;
  const cacheName = uniqueDatabaseName('conv-compose-cache');
  const client = new ConversationsClient(adapter, { cacheName, viewerId: viewer });
  return {
    backend,
    client,
    adapter,
    async dispose() {
      client.dispose();
      local.close();
      await backend.destroy();
      await deleteDatabase(cacheName);
    },
  };
}

export function part<T extends Element = HTMLElement>(compose: ConvCompose, selector: string): T {
  const found = compose.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in compose`);
  return found;
}

export const recipientInput = (compose: ConvCompose) => part<HTMLInputElement>(compose, '#to-input');
export const messageInput = (compose: ConvCompose) => part<HTMLTextAreaElement>(compose, '#body');
export const sendButton = (compose: ConvCompose) => part<HTMLButtonElement>(compose, '[part="send-button"]');

export function options(compose: ConvCompose): HTMLElement[] {
  return [...compose.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

export function chipNames(compose: ConvCompose): string[] {
  return [...compose.shadowRoot!.querySelectorAll('[part="chip"] .name')].map((n) => n.textContent!.trim());
}

export function errorOf(
  compose: ConvCompose,
  id: 'to-error' | 'as-error' | 'body-error' | 'form-error',
): string {
  return compose.shadowRoot!.getElementById(id)?.textContent?.trim() ?? '';
}

/** The element focused now, looking through shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Asserts where focus is. Compares identities itself: chai would describe a live element (and
 * everything it references) in its failure message, which can take minutes.
 */
export function expectFocused(element: Element, message = ''): void {
  const active = deepActive();
  if (active !== element) {
    const describe = (e: Element | null) => (e ? `<${e.localName}${e.id ? `#${e.id}` : ''}>` : 'nothing');
    throw new Error(`${message} focus is on ${describe(active)}, expected ${describe(element)}`.trim());
  }
}

/**
 * `waitUntil` with room for a busy machine: IndexedDB answers slowly when other test runs share
 * the cores, and one second (the default) is then too short.
 */
export function until(predicate: () => unknown, message?: string): Promise<void> {
  return waitUntil(predicate, message, { timeout: 5000 });
}

/** Waits until compose knows the viewer (its fields are there). */
export async function ready(compose: ConvCompose): Promise<void> {
  await until(() => compose.shadowRoot?.querySelector('#to-input'), 'compose never showed its fields');
}

/**
 * Types `query` into the focused recipient search with the keyboard, waits for the results, and
 * picks the one named `name` with the arrow keys and Enter.
 */
export async function pickWithKeyboard(compose: ConvCompose, query: string, name: string): Promise<void> {
  await sendKeys({ type: query });
  await until(
    () => options(compose).some((o) => o.querySelector('.name')?.textContent === name),
    `no result named ${name} for "${query}"`,
  );
  const index = options(compose).findIndex((o) => o.querySelector('.name')?.textContent === name);
  for (let i = 0; i <= index; i++) await sendKeys({ press: 'ArrowDown' });
  await compose.updateComplete;
  await sendKeys({ press: 'Enter' });
  await until(() => chipNames(compose).includes(name), `${name} was not chosen`);
}

/** Sets the message as a paste would (one input event), for texts too long to type key by key. */
export async function pasteMessage(compose: ConvCompose, text: string): Promise<void> {
  const textarea = messageInput(compose);
  textarea.focus();
  textarea.value = text;
  textarea.dispatchEvent(
    new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }),
  );
  await compose.updateComplete;
}
