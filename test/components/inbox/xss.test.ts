import { expect, html } from '@open-wc/testing';
import '../../../src/define/conv-inbox.js';
import type { ConvInbox } from '../../../src/components/inbox/inbox.js';
import { XSS_PAYLOADS } from '../../fixtures/xss-payloads.js';
import { ignoreResizeObserverLoopNotice, mount, openPortal, until, type Portal } from './harness.js';

ignoreResizeObserverLoopNotice();

const CANARY = '__xssCanary';
/** Every tag the three elements render; anything else in their DOM was injected. */
const RENDERED_TAGS = new Set([
  'conv-conversation-list',
  'conv-thread',
  'div',
  'span',
  'p',
  'button',
  'time',
  'ol',
  'li',
  'h2',
  'section',
  'form',
  'label',
  'textarea',
  'dialog',
  // "Send as" is a radio group in the thread too (it was a <select> with <option>s).
  'fieldset',
  'legend',
  'input',
  // Links in message text (S24): http(s) and mailto only, checked below like every URL attribute.
  'a',
  // The list's group filter (S18), for a viewer who manages groups: the groups' names as options.
  'select',
  'option',
]);
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'background', 'dynsrc', 'xlink:href'];

/** Every element inside `root`, through shadow roots. */
function deepElements(root: Element): Element[] {
  const found: Element[] = [];
  const visit = (node: Element | ShadowRoot) => {
    for (const child of node.children) {
      found.push(child);
      visit(child);
      if (child.shadowRoot) visit(child.shadowRoot);
    }
  };
  if (root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return found;
}

function texts(root: ParentNode | null | undefined, selector: string): string[] {
  return [...(root?.querySelectorAll(selector) ?? [])].map((node) => node.textContent ?? '');
}

describe('safety: data is rendered as text, never as HTML', () => {
  let portal: Portal;
  const violations: SecurityPolicyViolationEvent[] = [];
  const dialogs: string[] = [];
  const onViolation = (event: SecurityPolicyViolationEvent) => violations.push(event);
  let meta: HTMLMetaElement;
  const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };

  before(() => {
    // A strict policy for the rest of the page's life: an injected handler or javascript: URL
    // would be blocked and reported, as well as not run.
    meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "script-src 'self' 'unsafe-eval'; object-src 'none'; frame-src 'none'";
    document.head.append(meta);
    document.addEventListener('securitypolicyviolation', onViolation);
    window.alert = (message?: unknown) => void dialogs.push(`alert ${String(message)}`);
    window.confirm = (message?: string) => (dialogs.push(`confirm ${String(message)}`), false);
    window.prompt = (message?: string) => (dialogs.push(`prompt ${String(message)}`), null);
  });

  after(() => {
    document.removeEventListener('securitypolicyviolation', onViolation);
    Object.assign(window, saved);
  });

  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('keeps every payload literal in member names, group names, bodies, previews and bylines', async function () {
    // About two hundred writes to set up, then a scroll through every row: more than the default.
    this.timeout(120_000);
    expect(XSS_PAYLOADS.length).to.be.at.least(40);
    for (const payload of XSS_PAYLOADS) expect(payload.length, payload).to.be.at.most(200);
    const ids = XSS_PAYLOADS.map((_, index) => index);
    await portal.backend.loadDirectory({
      members: ids.map((i) => ({ id: `x${i}`, name: XSS_PAYLOADS[i] })),
      groups: [
        ...ids.map((i) => ({ id: `gx${i}`, name: XSS_PAYLOADS[i], managers: [`x${i}`], members: ['m1'] })),
        { id: 'gall', name: XSS_PAYLOADS[0], managers: ['m1'], members: ids.map((i) => `x${i}`) },
      ],
    });
    const byGroup: string[] = [];
    for (const i of ids) {
      await portal.start(`x${i}`, [{ kind: 'member', id: 'm1' }], XSS_PAYLOADS[i]);
      byGroup.push(
        (await portal.start(`x${i}`, [{ kind: 'member', id: 'm1' }], XSS_PAYLOADS[i], `gx${i}`)).id,
      );
    }
    const everyone = await portal.start('m1', [{ kind: 'group', id: 'gall' }], 'Hello everyone');
    for (const i of ids) await portal.send(`x${i}`, everyone.id, XSS_PAYLOADS[i]);

    const client = await portal.client('m1', { pageSize: 100 });
    const inbox = await mount<ConvInbox>(
      client,
      html`<conv-inbox style="--conv-inbox-block-size: 100%" conversation=${everyone.id}></conv-inbox>`,
      { height: '560px', width: '1200px' },
    );
    const list = inbox.shadowRoot!.querySelector('conv-conversation-list')!;
    const thread = inbox.shadowRoot!.querySelector('conv-thread')!;
    const total = ids.length * 2 + 1;
    await until(
      () => thread.shadowRoot!.querySelectorAll('[part="body"]').length === ids.length + 1,
      'the thread',
    );
    const scroller = await until(
      () => list.shadowRoot!.querySelector<HTMLElement>('[part="list"]'),
      'the list',
    );
    // The list is virtualized: scroll through it, reading the rows each stretch renders.
    const names = new Map<string, string[]>();
    const previews = new Map<string, string>();
    for (let step = 0; step < 300 && previews.size < total; step++) {
      for (const row of list.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')) {
        names.set(row.dataset.id!, texts(row, '[part="name"] .party'));
        previews.set(row.dataset.id!, row.querySelector('[part="preview"]')!.textContent!);
      }
      assertNothingInjected(inbox);
      const before = scroller.scrollTop;
      scroller.scrollTop += scroller.clientHeight / 2;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      if (scroller.scrollTop === before)
        await until(() => client.conversations.value.status === 'ready', 'a page');
    }
    expect(previews.size).to.equal(total);
    const allNames = [...names.values()].flat();
    const allPreviews = [...previews.values()];
    const bodies = texts(thread.shadowRoot, '[part="body"]');
    const authors = texts(thread.shadowRoot, '[part="author"]');
    for (const payload of XSS_PAYLOADS) {
      // Names appear twice: the member's one-to-one and their group's conversation.
      expect(
        allNames.filter((name) => name === payload),
        `name ${payload}`,
      ).to.have.length.at.least(2);
      const preview = payload.replace(/\s+/g, ' ');
      expect(
        allPreviews.filter((text) => text === preview),
        `preview ${payload}`,
      ).to.have.length.at.least(2);
      expect(bodies, `body ${payload}`).to.include(payload);
      expect(authors, `author ${payload}`).to.include(payload);
    }
    // The group's name in the "Send as" choice (Ada manages it) and in the thread's title.
    expect(texts(thread.shadowRoot, '[part="send-as"] label').map((text) => text.trim())).to.include(
      XSS_PAYLOADS[0],
    );
    expect(texts(thread.shadowRoot, '[part="title"] .party')).to.include(XSS_PAYLOADS[0]);
    assertNothingInjected(inbox);

    // Messages written on behalf of a group, whose names are payloads too.
    for (const i of ids) {
      inbox.conversation = byGroup[i];
      await until(
        () => texts(thread.shadowRoot, '[part="author"]')[0] === `${XSS_PAYLOADS[i]} for ${XSS_PAYLOADS[i]}`,
        `the byline of ${XSS_PAYLOADS[i]}`,
      );
      expect(texts(thread.shadowRoot, '[part="body"]')).to.deep.equal([XSS_PAYLOADS[i]]);
      assertNothingInjected(inbox);
    }
  });

  function assertNothingInjected(root: Element) {
    for (const element of deepElements(root)) {
      const tag = element.localName;
      expect(RENDERED_TAGS.has(tag), `an injected <${tag}>`).to.equal(true);
      for (const attribute of element.getAttributeNames()) {
        expect(attribute.startsWith('on'), `an injected ${attribute} on <${tag}>`).to.equal(false);
      }
      for (const attribute of URL_ATTRIBUTES) {
        const value = element.getAttribute(attribute);
        expect(value === null || !/script:/i.test(value), `${attribute}="${value}" on <${tag}>`).to.equal(
          true,
        );
      }
    }
    expect((window as unknown as Record<string, unknown>)[CANARY], 'the canary').to.equal(undefined);
    expect(dialogs, 'dialogs opened').to.deep.equal([]);
    expect(
      violations.map((event) => `${event.violatedDirective} ${event.blockedURI}`),
      'policy violations',
    ).to.deep.equal([]);
  }
});
