/**
 * The public theming surface, as a portal's stylesheet uses it: global tokens that reach nested
 * elements, `--conv-color-scheme` forcing a scheme over the system's, and parts forwarded through
 * the inbox (the list's, and compose's with the `compose-` prefix).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define/conv-provider.js';
import '../../src/define/conv-inbox.js';
import '../../src/define/conv-envelope-badge.js';
import '../../src/define/conv-notification-settings.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { createClientId } from '../../src/core/ids.js';
import { freshBackend } from '../helpers/local-backend.js';
import { clientFor, disposeClients } from '../helpers/clients.js';

describe('theming through the public surface', () => {
  let backend: LocalBackend;
  let style: HTMLStyleElement | undefined;

  beforeEach(async () => {
    backend = await freshBackend();
    await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello Ada',
      clientId: createClientId(),
    });
  });

  afterEach(async () => {
    style?.remove();
    style = undefined;
    await emulateMedia({ colorScheme: 'light' });
    await disposeClients();
    await backend.destroy();
  });

  function addStyles(css: string) {
    style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
  }

  async function inboxFor(member: string, wrapperStyle = '') {
    const wrapper = await fixture<HTMLElement>(
      html`<div style=${wrapperStyle}>
        <conv-provider .client=${clientFor(backend, member)}>
          <conv-envelope-badge></conv-envelope-badge>
          <conv-inbox style="--conv-inbox-block-size: 420px"></conv-inbox>
          <conv-notification-settings></conv-notification-settings>
        </conv-provider>
      </div>`,
    );
    const inbox = wrapper.querySelector('conv-inbox')!;
    const list = () => inbox.shadowRoot!.querySelector('conv-conversation-list')!;
    const row = () => list().shadowRoot!.querySelector<HTMLElement>('[part~="row"]');
    await waitUntil(row, 'no row listed');
    return { wrapper, inbox, list, row: () => row()! };
  }

  it('follows the system scheme by default, and --conv-color-scheme forces one in nested elements too', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { wrapper, list } = await inboxFor('m1');
    const nested = list();
    expect(getComputedStyle(nested).colorScheme).to.equal('light dark');
    const lightBackground = getComputedStyle(nested).backgroundColor;

    await emulateMedia({ colorScheme: 'dark' });
    const darkBackground = getComputedStyle(nested).backgroundColor;
    expect(darkBackground).to.not.equal(lightBackground);

    // The system says dark; the portal's theme says light, and the nested list obeys the theme.
    wrapper.style.setProperty('--conv-color-scheme', 'light');
    expect(getComputedStyle(nested).colorScheme).to.equal('light');
    expect(getComputedStyle(nested).backgroundColor).to.equal(lightBackground);
    for (const tag of ['conv-envelope-badge', 'conv-notification-settings', 'conv-inbox']) {
      expect(getComputedStyle(wrapper.querySelector(tag)!).colorScheme, tag).to.equal('light');
    }
  });

  it('global tokens reach the rows of the list inside the inbox', async () => {
    const { wrapper, row } = await inboxFor('m1', '--conv-space: 1rem');
    const roomy = parseFloat(getComputedStyle(row()).paddingBlockStart);
    expect(roomy).to.be.greaterThan(0);
    wrapper.style.setProperty('--conv-space', '0.125rem');
    expect(parseFloat(getComputedStyle(row()).paddingBlockStart)).to.be.lessThan(roomy);
    wrapper.style.setProperty('--conv-radius', '0px');
    const start = wrapper
      .querySelector('conv-inbox')!
      .shadowRoot!.querySelector<HTMLElement>('[part~="start"]')!;
    expect(getComputedStyle(start).borderStartStartRadius).to.equal('0px');
    wrapper.style.setProperty('--conv-radius', '12px');
    expect(getComputedStyle(start).borderStartStartRadius).to.equal('12px');
  });

  it("restyles forwarded parts from outside: the list's rows and compose's send button", async () => {
    addStyles(`
      .themed conv-inbox::part(row) { outline: 3px dashed rgb(200, 0, 0); }
      .themed conv-inbox::part(compose-send-button) { border-style: dotted; }
    `);
    const { wrapper, inbox, row } = await inboxFor('m1');
    wrapper.classList.add('themed');
    expect(getComputedStyle(row()).outlineStyle).to.equal('dashed');
    inbox.shadowRoot!.querySelector<HTMLButtonElement>('[part~="start"]')!.click();
    const send = () =>
      inbox.shadowRoot
        ?.querySelector('conv-compose')
        ?.shadowRoot?.querySelector<HTMLElement>('[part~="send-button"]');
    await waitUntil(send, 'compose did not open');
    expect(getComputedStyle(send()!).borderTopStyle).to.equal('dotted');
  });
});
