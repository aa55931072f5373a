import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ConvCompose } from '../../../src/components/compose/compose.js';
import type { ConvContactButton } from '../../../src/components/contact-button/contact-button.js';
import type { ConvProvider } from '../../../src/components/provider/provider.js';
import type { ConvConversationStartedEvent } from '../../../src/events/conversation-started.js';
import '../../../src/define/conv-contact-button.js';
import {
  chipNames,
  deepActive,
  expectFocused,
  harness,
  messageInput,
  sendButton,
  until,
  type Harness,
} from '../compose/setup.js';

describe('<conv-contact-button>', () => {
  let h: Harness | undefined;

  beforeEach(() => sessionStorage.clear());
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await h?.dispose();
    h = undefined;
  });

  async function mount(viewer: string, buttons: ReturnType<typeof html>) {
    h = await harness(viewer);
    const provider = await fixture<ConvProvider>(
      html`<conv-provider .client=${h.client}>${buttons}</conv-provider>`,
    );
    return provider;
  }

  const base = (button: ConvContactButton) => button.shadowRoot!.querySelector<HTMLButtonElement>('button');
  const composeOf = (button: ConvContactButton) =>
    button.shadowRoot!.querySelector<ConvCompose>('conv-compose');

  it('is named after the member, looked up in the directory when no name is given', async () => {
    const provider = await mount('m1', html`<conv-contact-button member="m2"></conv-contact-button>`);
    const button = provider.querySelector('conv-contact-button')!;
    await until(() => base(button), 'no button');
    expect(base(button)!.getAttribute('aria-label')).to.equal('Send a message to Grace Hopper');
    await expect(button).to.be.accessible();
  });

  it('shows its name as a tooltip on keyboard focus, and hides it otherwise', async () => {
    const provider = await mount('m1', html`<conv-contact-button member="m2"></conv-contact-button>`);
    const button = provider.querySelector('conv-contact-button')!;
    await until(() => base(button), 'no button');
    const inner = base(button)!;
    const tip = () => getComputedStyle(inner, '::after');
    expect(tip().visibility).to.equal('hidden');
    expect(tip().content).to.equal('"Send a message to Grace Hopper"');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(inner);
    await until(() => tip().visibility === 'visible', 'the tooltip on focus');
    const box = inner.getBoundingClientRect();
    expect(parseFloat(tip().width)).to.be.greaterThan(box.width);
    await expect(button).to.be.accessible();
  });

  it('names a group, and takes the name attribute as given', async () => {
    const provider = await mount(
      'm1',
      html`<conv-contact-button group="g2"></conv-contact-button
        ><conv-contact-button member="m3" name="Dr Turing"></conv-contact-button>`,
    );
    const [group, named] = [...provider.querySelectorAll('conv-contact-button')];
    await until(() => base(group) && base(named), 'no buttons');
    expect(base(group)!.getAttribute('aria-label')).to.equal('Send a message to Event organisers');
    expect(base(named)!.getAttribute('aria-label')).to.equal('Send a message to Dr Turing');
  });

  it('offers nothing on the viewer’s own profile', async () => {
    const provider = await mount(
      'm1',
      html`<conv-contact-button member="m1" name="Ada Lovelace"></conv-contact-button
        ><conv-contact-button member="m2" name="Grace Hopper"></conv-contact-button>`,
    );
    const [own, other] = [...provider.querySelectorAll('conv-contact-button')];
    // Once the other profile's button is there, the viewer is known to both.
    await until(() => base(other), 'the viewer never loaded');
    await own.updateComplete;
    expect(base(own)).to.equal(null);
    expect(own.isSelf).to.equal(true);
    await own.show();
    expect(composeOf(own)).to.equal(null);
  });

  it('opens compose with the member chosen and sends, with the keyboard alone (S8)', async () => {
    const provider = await mount(
      'm3',
      html`<conv-contact-button member="m2" code-of-conduct-href="https://portal.example/conduct"
        ><span slot="guidance"
          >We would rather you used our chat for group discussion.</span
        ></conv-contact-button
      >`,
    );
    const button = provider.querySelector('conv-contact-button')!;
    await until(() => base(button), 'no button');
    base(button)!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => composeOf(button)?.open, 'compose did not open');
    const compose = composeOf(button)!;
    await until(() => chipNames(compose).length === 1, 'the recipient was not chosen');
    expect(chipNames(compose)).to.deep.equal(['Grace Hopper']);
    await until(() => deepActive() === messageInput(compose), 'focus did not move to the message');
    const guidance = compose.shadowRoot!.querySelector('slot[name="guidance"]') as HTMLSlotElement;
    expect(
      guidance
        .assignedNodes({ flatten: true })
        .map((n) => n.textContent)
        .join(''),
    ).to.contain('our chat for group discussion');
    await expect(button).to.be.accessible();

    await sendKeys({ type: 'Hello from your profile page' });
    // Tab past the code of conduct link to Send.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expectFocused(sendButton(compose));
    const started = oneEvent(button, 'conv-conversation-started') as Promise<ConvConversationStartedEvent>;
    await sendKeys({ press: 'Enter' });
    const { detail } = await started;
    await until(() => !compose.open, 'the dialog stayed open');
    expectFocused(base(button)!);

    const page = await h!.backend.adapterFor('m2').listConversations();
    expect(page.items.map((c) => c.id)).to.deep.equal([detail.conversationId]);
    expect(page.items[0].lastMessage?.body).to.equal('Hello from your profile page');

    // Opened again, it starts over: the same recipient, an empty message.
    await button.show();
    await until(() => chipNames(compose).length === 1, 'the recipient was not chosen again');
    expect(chipNames(compose)).to.deep.equal(['Grace Hopper']);
    expect(messageInput(compose).value).to.equal('');
  });

  it('keeps one draft per profile, and passes axe in dark mode and right-to-left', async () => {
    const provider = await mount(
      'm1',
      html`<div dir="rtl">
        <conv-contact-button member="m2"></conv-contact-button
        ><conv-contact-button member="m5"></conv-contact-button>
      </div>`,
    );
    const [grace, layla] = [...provider.querySelectorAll('conv-contact-button')];
    await until(() => base(grace) && base(layla), 'no buttons');
    await emulateMedia({ colorScheme: 'dark' });
    await expect(grace).to.be.accessible();

    await grace.show();
    const graceCompose = composeOf(grace)!;
    await until(() => chipNames(graceCompose).length === 1);
    messageInput(graceCompose).focus();
    await sendKeys({ type: 'For Grace' });
    await expect(grace).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await until(() => !graceCompose.open);

    await layla.show();
    const laylaCompose = composeOf(layla)!;
    await until(() => chipNames(laylaCompose).length === 1);
    expect(chipNames(laylaCompose)).to.deep.equal(['ليلى الحسيني']);
    expect(messageInput(laylaCompose).value).to.equal('');
    expect(getComputedStyle(messageInput(laylaCompose)).direction).to.equal('rtl');
    await expect(layla).to.be.accessible();
    laylaCompose.close();

    await grace.show();
    expect(messageInput(graceCompose).value).to.equal('For Grace');
  });
});
