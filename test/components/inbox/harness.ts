/**
 * What the list, thread and inbox tests share: a local portal (the fixture directory in its own
 * database), one real client per member with its own cache database, and `<conv-provider>`
 * giving that client to the elements under test. Everything is destroyed in `cleanup()`.
 */
import { render, type TemplateResult } from 'lit';
import { fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { deleteClientCache } from '../../../src/client/cache.js';
import '../../../src/define/conv-provider.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import type { Conversation, Message, MemberId, PartyRef } from '../../../src/core/types.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';

export interface Portal {
  readonly backend: LocalBackend;
  /** A started client for a member, with a cache database of its own. */
  client(member: MemberId, options?: { pageSize?: number }): Promise<ConversationsClient>;
  /** Starts a conversation as `author` (through that member's own adapter). */
  start(author: MemberId, recipients: PartyRef[], body: string, asGroup?: string): Promise<Conversation>;
  /** Sends a message as `author` (through that member's own adapter). */
  send(author: MemberId, conversationId: string, body: string, asGroup?: string): Promise<Message>;
  cleanup(): Promise<void>;
}

let sequence = 0;

export async function openPortal(): Promise<Portal> {
  const backend = await freshBackend();
  const clients: ConversationsClient[] = [];
  const caches: string[] = [];
  const adapters = new Map<MemberId, ReturnType<LocalBackend['adapterFor']>>();
  const adapterFor = (member: MemberId) => {
    let adapter = adapters.get(member);
    if (!adapter) {
      adapter = backend.adapterFor(member);
      adapters.set(member, adapter);
    }
    return adapter;
  };
  const clientId = () => `test-${Date.now().toString(36)}-${(sequence++).toString(36)}`;
  return {
    backend,
    async client(member, options = {}) {
      const cacheName = uniqueDatabaseName(`conv-cache-${member}`);
      caches.push(cacheName);
      const client = new ConversationsClient(backend.adapterFor(member), { cacheName, ...options });
      clients.push(client);
      await client.connect();
      return client;
    },
    async start(author, recipients, body, asGroup) {
      const result = await adapterFor(author).startConversation({
        recipients,
        body,
        clientId: clientId(),
        ...(asGroup ? { asGroup } : {}),
      });
      return result.conversation;
    },
    send(author, conversationId, body, asGroup) {
      return adapterFor(author).sendMessage({
        conversationId,
        body,
        clientId: clientId(),
        ...(asGroup ? { asGroup } : {}),
      });
    },
    async cleanup() {
      await emulateMedia({ colorScheme: 'light' });
      for (const client of clients) client.dispose();
      for (const adapter of adapters.values()) adapter.close?.();
      await Promise.all(caches.map((name) => deleteClientCache(name)));
      await backend.destroy();
    },
  };
}

/**
 * Renders `template` inside `<conv-provider .client=${client}>`, in a region `height` tall (so
 * that lists can scroll), and returns the first element of the template.
 */
export async function mount<T extends HTMLElement>(
  client: ConversationsClient,
  template: TemplateResult,
  options: { height?: string; width?: string; dir?: 'ltr' | 'rtl'; dark?: boolean } = {},
): Promise<T> {
  // The elements follow the member's system setting (`color-scheme: light dark`), as a page would.
  await emulateMedia({ colorScheme: options.dark ? 'dark' : 'light' });
  const region = await fixture<HTMLDivElement>(
    html`<div
      dir=${options.dir ?? 'ltr'}
      style="block-size: ${options.height ?? '480px'}; inline-size: ${options.width ?? '900px'}"
    ></div>`,
  );
  render(html`<conv-provider .client=${client}>${template}</conv-provider>`, region);
  const provider = region.firstElementChild as HTMLElement & { updateComplete: Promise<unknown> };
  await provider.updateComplete;
  const element = provider.firstElementChild as T;
  await (element as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return element;
}

/** Resolves once `read()` returns a value that is not undefined/false, checking on every frame. */
export async function until<T>(
  read: () => T | undefined | null | false,
  what: string,
  frames = 600,
): Promise<T> {
  for (let frame = 0; frame < frames; frame++) {
    const value = read();
    if (value !== undefined && value !== null && value !== false) return value;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/**
 * The virtualizer measures rows in a ResizeObserver callback and renders the rows that measuring
 * brings into range at once, so Chromium sometimes delivers the last size changes a frame later
 * and reports "ResizeObserver loop completed with undelivered notifications" as a window error
 * (w3c/csswg-drafts#5488). It is a notice, not a failure: nothing is lost. Mocha would count it as
 * an uncaught error, so the tests of virtualized elements let only that one message through.
 */
export function ignoreResizeObserverLoopNotice(): void {
  const listener = (event: ErrorEvent) => {
    if (event.message?.startsWith('ResizeObserver loop')) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  };
  window.addEventListener('error', listener, { capture: true });
}

/** Like `until`, for a check that has to ask something asynchronous (the backend). */
export async function untilAsync(check: () => Promise<boolean>, what: string, frames = 600): Promise<void> {
  for (let frame = 0; frame < frames; frame++) {
    if (await check()) return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
