/** S19: the contact button's four states: existing conversation, not accepting, own profile, signed out. */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ConvCompose } from '../../../src/components/compose/compose.js';
import type { ConvContactButton } from '../../../src/components/contact-button/contact-button.js';
import type { ConvProvider } from '../../../src/components/provider/provider.js';
import type { ConvOpenConversationEvent } from '../../../src/events/open-conversation.js';
import { createClientId } from '../../../src/core/ids.js';
import '../../../src/define/conv-contact-button.js';
import { chipNames, harness, until, type Harness } from '../compose/setup.js';

const base = (button: ConvContactButton) => button.shadowRoot!.querySelector<HTMLElement>('[part="base"]');
const composeOf = (button: ConvContactButton) =>
  button.shadowRoot!.querySelector<ConvCompose>('conv-compose');

describe('<conv-contact-button>: its four states (S19)', () => {
  let h: Harness | undefined;

  beforeEach(() => sessionStorage.clear());
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await h?.dispose();
    h = undefined;
  });

  async function mount(viewer: string, buttons: ReturnType<typeof html>, dir = 'ltr') {
    h = await harness(viewer);
    return fixture<ConvProvider>(
      html`<div dir=${dir}><conv-provider .client=${h.client}>${buttons}</conv-provider></div>`,
    );
  }

  it('opens the existing one-to-one conversation with the keyboard, through conv-open-conversation', async () => {
    h = await harness('m1');
    const { conversation } = await h.backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello Ada',
      clientId: createClientId(),
    });
    const region = await fixture<HTMLDivElement>(
      html`<div>
        <conv-provider .client=${h.client}
          ><conv-contact-button member="m2"></conv-contact-button
        ></conv-provider>
      </div>`,
    );
    const button = region.querySelector('conv-contact-button')!;
    const opened: string[] = [];
    region.addEventListener('conv-open-conversation', (event) => {
      opened.push((event as ConvOpenConversationEvent).detail.conversationId);
      event.preventDefault(); // the page opened it
    });
    await until(() => base(button), 'no button');
    base(button)!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => opened.length === 1, 'the conversation was not opened');
    expect(opened).to.deep.equal([conversation.id]);
    expect(composeOf(button), 'no blank compose').to.equal(null);
    await expect(button).to.be.accessible();
  });

  it('a page that does not take the event gets compose, which continues the same conversation', async () => {
    h = await harness('m1');
    await h.backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello Ada',
      clientId: createClientId(),
    });
    const provider = await fixture<ConvProvider>(
      html`<conv-provider .client=${h.client}
        ><conv-contact-button member="m2"></conv-contact-button
      ></conv-provider>`,
    );
    const button = provider.querySelector('conv-contact-button')!;
    await until(() => base(button), 'no button');
    base(button)!.click();
    await until(() => composeOf(button)?.open, 'compose did not open');
    await until(() => chipNames(composeOf(button)!).length === 1, 'no recipient');
    expect(chipNames(composeOf(button)!)).to.deep.equal(['Grace Hopper']);
  });

  it('is disabled, with the reason as its description, when the member does not accept the viewer', async () => {
    h = await harness('m1');
    await h.backend.adapterFor('m2').blockMember('m1');
    const provider = await fixture<ConvProvider>(
      html`<conv-provider .client=${h.client}
        ><conv-contact-button member="m2" name="Grace H."></conv-contact-button
      ></conv-provider>`,
    );
    const button = provider.querySelector('conv-contact-button')!;
    await until(() => base(button)?.getAttribute('aria-disabled') === 'true', 'never disabled');
    const described = base(button)!.getAttribute('aria-describedby')!;
    expect(button.shadowRoot!.getElementById(described)!.textContent).to.equal(
      'Grace H. does not accept messages from you.',
    );
    base(button)!.focus();
    await sendKeys({ press: 'Enter' });
    await button.updateComplete;
    expect(composeOf(button), 'nothing opens').to.equal(null);
    await expect(button).to.be.accessible();
  });

  it('renders nothing on the viewer’s own profile', async () => {
    const provider = await mount(
      'm1',
      html`<conv-contact-button member="m1" sign-in-href="/login"></conv-contact-button
        ><conv-contact-button member="m2"></conv-contact-button>`,
    );
    const [own, other] = [...provider.querySelectorAll('conv-contact-button')];
    await until(() => base(other), 'the viewer never loaded');
    expect(base(own)).to.equal(null);
  });

  it('is a sign-in link for a signed-out visitor, reached with the keyboard', async () => {
    const region = await fixture<HTMLDivElement>(
      html`<div>
        <conv-contact-button
          member="m2"
          name="Grace Hopper"
          sign-in-href="/login?next=/profiles/m2"
        ></conv-contact-button>
      </div>`,
    );
    const button = region.querySelector('conv-contact-button')!;
    await until(() => base(button), 'no link');
    const link = base(button)! as HTMLAnchorElement;
    expect(link.tagName).to.equal('A');
    expect(link.getAttribute('href')).to.equal('/login?next=/profiles/m2');
    expect(link.getAttribute('aria-label')).to.equal('Sign in to send a message to Grace Hopper');
    await sendKeys({ press: 'Tab' });
    expect(button.shadowRoot!.activeElement).to.equal(link);
    await expect(button).to.be.accessible();
  });

  for (const [scheme, dir] of [
    ['dark', 'ltr'],
    ['light', 'rtl'],
    ['dark', 'rtl'],
  ] as const) {
    it(`disabled and signed-out states are accessible in ${scheme} mode, ${dir}`, async () => {
      await emulateMedia({ colorScheme: scheme });
      h = await harness('m1');
      await h.backend.adapterFor('m2').updateSettings({ acceptFrom: 'followed' });
      const region = await fixture<HTMLDivElement>(
        html`<div dir=${dir}>
          <conv-provider .client=${h.client}
            ><conv-contact-button member="m2"></conv-contact-button
          ></conv-provider>
          <conv-contact-button member="m3" name="Alan Turing" sign-in-href="/login"></conv-contact-button>
        </div>`,
      );
      const [refused, signedOut] = [...region.querySelectorAll('conv-contact-button')];
      await until(() => base(refused)?.getAttribute('aria-disabled') === 'true', 'never disabled');
      await until(() => base(signedOut), 'no link');
      await expect(refused).to.be.accessible();
      await expect(signedOut).to.be.accessible();
    });
  }
});
