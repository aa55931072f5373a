/**
 * Small elements that use the controllers as a real element would, one line each, and render
 * what they hold as text a test can read.
 */
import { html, LitElement, render, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ConversationsController } from '../../src/context/conversations-controller.js';
import { PolicyController } from '../../src/context/policy-controller.js';
import { SettingsController } from '../../src/context/settings-controller.js';
import { ThreadController } from '../../src/context/thread-controller.js';
import { UnreadController } from '../../src/context/unread-controller.js';
import { ViewerController } from '../../src/context/viewer-controller.js';

export class TestUnread extends LitElement {
  readonly unread = new UnreadController(this);
  renders = 0;
  override render() {
    this.renders++;
    return html`${this.unread.value.total}`;
  }
}

export class TestList extends LitElement {
  readonly list = new ConversationsController(this);
  override render() {
    const { status, items } = this.list.value;
    return html`${status}:${items.map((item) => item.lastMessage?.body).join('|')}`;
  }
}

export class TestThread extends LitElement {
  @property() conversationId?: string;
  readonly thread = new ThreadController(this, () => this.conversationId);
  override render() {
    const { status, messages } = this.thread.value;
    return html`${status}:${messages.map((message) => message.body).join('|')}`;
  }
}

export class TestSettings extends LitElement {
  readonly settings = new SettingsController(this);
  override render() {
    const { status, value } = this.settings.value;
    return html`${status}:${value ? `${value.inApp}/${value.email}` : ''}`;
  }
}

export class TestViewer extends LitElement {
  readonly viewer = new ViewerController(this);
  readonly policy = new PolicyController(this);
  override render() {
    return html`${this.viewer.value?.member.name ?? ''}:${this.policy.value.maxMessageLength}`;
  }
}

for (const [tag, element] of [
  ['test-unread', TestUnread],
  ['test-list', TestList],
  ['test-thread', TestThread],
  ['test-settings', TestSettings],
  ['test-viewer', TestViewer],
] as const) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'test-unread': TestUnread;
    'test-list': TestList;
    'test-thread': TestThread;
    'test-settings': TestSettings;
    'test-viewer': TestViewer;
  }
}

/** The text an element renders. */
export function text(element: Element): string {
  return element.shadowRoot?.textContent?.replace(/<!--.*?-->/g, '').trim() ?? '';
}

const mounted: HTMLElement[] = [];

/**
 * Renders `template` into a fresh container on the page and returns its first element. Unlike
 * `fixture`, it never waits for an animation frame, which a page the test runner keeps in the
 * background never gets (with two test files at once, one page is always hidden).
 */
export function mount<T extends Element = HTMLElement>(template: TemplateResult): T {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  render(template, container);
  return container.firstElementChild as T;
}

/** Removes everything `mount` put on the page. */
export function unmountAll(): void {
  for (const container of mounted.splice(0)) container.remove();
}
