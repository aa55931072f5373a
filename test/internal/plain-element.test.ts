import { expect } from '@open-wc/testing';
import { css } from 'lit';
import { PlainElement } from '../../src/internal/plain-element.js';

let defined = 0;

/** A fresh class under a fresh tag, so that each test can choose when it is defined. */
function makeElementClass() {
  class TestPlain extends PlainElement {
    static override styles = [
      css`
        :host {
          display: block;
        }
      `,
    ];
    static override properties = {
      label: {},
      showCount: { attribute: 'show-count', type: Boolean },
      client: { attribute: false },
    } as const;
    declare label?: string;
    showCount = false;
    declare client?: object;
    updates = 0;
    protected update(): void {
      this.updates++;
    }
  }
  const tag = `test-plain-${++defined}`;
  return { TestPlain, tag };
}

describe('PlainElement', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('[data-test-plain]')) element.remove();
  });

  it('sets declared properties from their attributes: text, boolean, and none for attribute: false', async () => {
    const { TestPlain, tag } = makeElementClass();
    TestPlain.define(tag);
    expect((TestPlain as unknown as { observedAttributes: string[] }).observedAttributes).to.deep.equal([
      'label',
      'show-count',
    ]);
    const element = document.createElement(tag) as InstanceType<typeof TestPlain>;
    element.dataset.testPlain = '';
    element.setAttribute('label', 'Inbox');
    element.setAttribute('show-count', '');
    document.body.append(element);
    expect(element.label).to.equal('Inbox');
    expect(element.showCount).to.equal(true);
    element.removeAttribute('show-count');
    element.removeAttribute('label');
    expect(element.showCount).to.equal(false);
    expect(element.label).to.equal(undefined);
    element.setAttribute('client', 'not a client');
    expect(element.client).to.equal(undefined);
  });

  it('batches changes into one update per microtask, and only for a changed value', async () => {
    const { TestPlain, tag } = makeElementClass();
    TestPlain.define(tag);
    const element = document.createElement(tag) as InstanceType<typeof TestPlain>;
    element.dataset.testPlain = '';
    document.body.append(element);
    await element.updateComplete;
    const before = element.updates;
    element.label = 'a';
    element.label = 'b';
    element.showCount = true;
    expect(await element.updateComplete).to.equal(true);
    expect(element.updates).to.equal(before + 1);
    element.label = 'b';
    await element.updateComplete;
    expect(element.updates).to.equal(before + 1);
  });

  it('takes properties a page set before the element was defined', async () => {
    const { TestPlain, tag } = makeElementClass();
    const early = document.createElement(tag) as HTMLElement & { client?: object; label?: string };
    early.dataset.testPlain = '';
    const client = { a: 'client' };
    early.client = client;
    early.label = 'early';
    document.body.append(early);
    TestPlain.define(tag);
    const element = early as InstanceType<typeof TestPlain>;
    expect(Object.hasOwn(element, 'client')).to.equal(false);
    expect(element.client).to.equal(client);
    expect(element.label).to.equal('early');
  });

  it('adopts its styles into an open shadow root', () => {
    const { TestPlain, tag } = makeElementClass();
    TestPlain.define(tag);
    const element = document.createElement(tag) as InstanceType<typeof TestPlain>;
    expect(element.renderRoot).to.equal(element.shadowRoot);
    expect(element.shadowRoot!.adoptedStyleSheets.length).to.equal(1);
  });

  it('connects and disconnects its controllers with it', () => {
    const { TestPlain, tag } = makeElementClass();
    TestPlain.define(tag);
    const element = document.createElement(tag) as InstanceType<typeof TestPlain>;
    element.dataset.testPlain = '';
    const calls: string[] = [];
    element.addController({
      hostConnected: () => calls.push('connected'),
      hostDisconnected: () => calls.push('disconnected'),
    });
    document.body.append(element);
    element.remove();
    expect(calls).to.deep.equal(['connected', 'disconnected']);
  });
});
