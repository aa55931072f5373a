/**
 * A member's page for the screen-reader tests: a local backend, a client per tab, elements inside
 * `<conv-provider>`, and ways to find and use controls as a screen-reader user does: by the
 * phrase the reader speaks for them (role and name), never by internal markup.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import type { ConversationsClient } from '../../src/client/index.js';
import { phraseFor } from './screen-reader.js';
import '../../src/define/conv-provider.js';

/** Every element of the flat tree under `root` (open shadow roots included), in tree order. */
export function flatElements(root: Node): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    for (const child of node.childNodes) {
      if (!(child instanceof Element)) continue;
      found.push(child);
      if (child.shadowRoot) visit(child.shadowRoot);
      visit(child);
    }
  };
  visit(root);
  return found;
}

function isShown(element: Element): boolean {
  return element.checkVisibility?.({ visibilityProperty: true }) ?? true;
}

/**
 * The first shown element under `root` whose spoken phrase matches `phrase` (e.g.
 * `/^button, Send/`), waiting for it to appear.
 */
export async function findSpoken<T extends Element = HTMLElement>(
  root: Node,
  phrase: RegExp,
  timeout = 5000,
): Promise<T> {
  let found: Element | undefined;
  await waitUntil(
    async () => {
      for (const element of flatElements(root)) {
        if (!isShown(element) || !element.matches('button, a, textarea, input, [role], [tabindex]')) continue;
        if (phrase.test(await phraseFor(element))) {
          found = element;
          return true;
        }
      }
      return false;
    },
    `nothing on the page is spoken as ${String(phrase)}`,
    { timeout, interval: 50 },
  );
  return found as T;
}

/** Types into a text field as the keyboard would leave it (value, then an input event). */
export function typeInto(field: HTMLTextAreaElement | HTMLInputElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Renders `template` inside `<conv-provider .client=${client}>` in a page-sized region. */
export async function mountFor(client: ConversationsClient, template: TemplateResult): Promise<HTMLElement> {
  const region = await fixture<HTMLDivElement>(
    html`<div style="block-size: 560px; inline-size: 960px"></div>`,
  );
  render(html`<conv-provider .client=${client}>${template}</conv-provider>`, region);
  const provider = region.firstElementChild as HTMLElement & { updateComplete: Promise<unknown> };
  await provider.updateComplete;
  return region;
}

let sequence = 0;

/** Another member writes, straight to the backend (their own adapter). */
export async function writeAs(
  backend: LocalBackend,
  author: string,
  to: { conversationId: string } | { recipient: string },
  body: string,
) {
  const adapter = backend.adapterFor(author);
  const clientId = `sr-${Date.now().toString(36)}-${(sequence++).toString(36)}`;
  try {
    if ('conversationId' in to) {
      return (await adapter.sendMessage({ conversationId: to.conversationId, body, clientId }))
        .conversationId;
    }
    const started = await adapter.startConversation({
      recipients: [{ kind: 'member', id: to.recipient }],
      body,
      clientId,
    });
    return started.conversation.id;
  } finally {
    adapter.close?.();
  }
}
