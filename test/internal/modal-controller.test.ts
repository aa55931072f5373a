import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { LitElement, html as litHtml } from 'lit';
import { ModalController, type ModalCloseReason } from '../../src/internal/modal-controller.js';

/** A host with one modal dialog: a heading, a text field, and Cancel / Save buttons. */
class TestModalHost extends LitElement {
  closeOnBackdrop = false;
  readonly reasons: ModalCloseReason[] = [];
  fallback?: HTMLElement;
  readonly modal: ModalController;

  constructor() {
    super();
    this.modal = new ModalController(this, {
      dialog: () => this.renderRoot.querySelector('dialog'),
      onClose: (reason) => this.reasons.push(reason),
      fallbackFocus: () => this.fallback,
      closeOnBackdrop: () => this.closeOnBackdrop,
    });
  }

  override render() {
    return litHtml`<dialog aria-labelledby="title">
      <h2 id="title">Rename</h2>
      <label for="name">Name</label>
      <input id="name" />
      <button id="cancel" type="button" @click=${() => this.modal.close('button')}>Cancel</button>
      <button id="save" type="button">Save</button>
    </dialog>`;
  }
}
customElements.define('test-modal-host', TestModalHost);

let current: TestModalHost | undefined;
const host = () => current!;

function inner(id: string): HTMLElement {
  return host().shadowRoot!.getElementById(id)!;
}

function dialog(): HTMLDialogElement {
  return host().shadowRoot!.querySelector('dialog')!;
}

/** Where focus is, through shadow roots, as an id (comparing elements in chai is slow). */
function focusedId(): string {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active?.id ?? '';
}

describe('ModalController', () => {
  let opener: HTMLButtonElement;

  beforeEach(async () => {
    const page = await fixture<HTMLDivElement>(
      html`<div><button id="opener" type="button">Open</button><test-modal-host></test-modal-host></div>`,
    );
    opener = page.querySelector('button')!;
    current = page.querySelector<TestModalHost>('test-modal-host')!;
    await host().updateComplete;
  });

  afterEach(async () => {
    await resetMouse();
    current = undefined;
  });

  async function openFromKeyboard() {
    opener.focus();
    await host().modal.show();
    inner('name').focus();
    expect(host().modal.open).to.equal(true);
  }

  it('opens modally and is accessible open and closed', async () => {
    await expect(host()).to.be.accessible();
    await openFromKeyboard();
    expect(dialog().matches(':modal')).to.equal(true);
    await expect(host()).to.be.accessible();
  });

  it('closes on Escape, says why, and returns focus to the opener', async () => {
    await openFromKeyboard();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog().open, 'the dialog stayed open');
    expect(host().reasons).to.deep.equal(['escape']);
    expect(focusedId()).to.equal('opener');
  });

  it('closes from its own button, with the keyboard only, and returns focus', async () => {
    await openFromKeyboard();
    await sendKeys({ press: 'Tab' }); // Cancel
    expect(focusedId()).to.equal('cancel');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !dialog().open, 'the dialog stayed open');
    expect(host().reasons).to.deep.equal(['button']);
    expect(focusedId()).to.equal('opener');
  });

  it('keeps Tab inside: from the last control to the first, and Shift+Tab back', async () => {
    await openFromKeyboard();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(focusedId()).to.equal('save');
    await sendKeys({ press: 'Tab' });
    expect(focusedId()).to.equal('name');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focusedId()).to.equal('save');
    expect(dialog().open).to.equal(true);
  });

  it('closes on the backdrop only when asked to', async () => {
    await openFromKeyboard();
    await sendMouse({ type: 'click', position: [2, 2] });
    expect(dialog().open, 'closed on the backdrop without closeOnBackdrop').to.equal(true);
    host().modal.close('button');
    await waitUntil(() => host().reasons.length === 1, 'the close was not reported');

    host().closeOnBackdrop = true;
    await openFromKeyboard();
    const box = dialog().getBoundingClientRect();
    // Inside the dialog's box (its padding) does not close it; outside does.
    await sendMouse({ type: 'click', position: [Math.round(box.left + 2), Math.round(box.top + 2)] });
    expect(dialog().open, 'closed on a click inside').to.equal(true);
    await sendMouse({ type: 'click', position: [2, 2] });
    await waitUntil(() => !dialog().open, 'the backdrop did not close it');
    expect(host().reasons).to.deep.equal(['button', 'backdrop']);
    expect(focusedId()).to.equal('opener');
  });

  it('sends focus to the fallback when the opener is gone', async () => {
    const fallback = document.createElement('button');
    fallback.id = 'fallback';
    document.body.append(fallback);
    host().fallback = fallback;
    try {
      await openFromKeyboard();
      opener.remove();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog().open);
      expect(focusedId()).to.equal('fallback');
    } finally {
      fallback.remove();
    }
  });
});
