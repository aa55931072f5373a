import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { renderSendAs } from '../../src/internal/send-as.js';

class TestSendAsHost extends LitElement {
  value = '';
  error?: string;
  readonly changes: string[] = [];

  override render() {
    return html`<button id="before" type="button">Before</button> ${renderSendAs({
        legend: 'Send as',
        choices: [
          { id: '', name: 'Yourself (Ada)' },
          { id: 'g1', name: 'Documentation team' },
          { id: 'g2', name: 'Organisers' },
        ],
        value: this.value,
        onChange: (id) => {
          this.changes.push(id);
          this.value = id;
          this.requestUpdate();
        },
        error: this.error,
        withError: true,
      })}`;
  }
}
customElements.define('test-send-as-host', TestSendAsHost);

function checked(host: TestSendAsHost): string | undefined {
  return host.shadowRoot!.querySelector<HTMLInputElement>('input[name="send-as"]:checked')?.value;
}

describe('renderSendAs', () => {
  it('is one radio group: one Tab stop, arrow keys choose, a change only on the member’s action', async () => {
    const host = await fixture<TestSendAsHost>(html`<test-send-as-host></test-send-as-host>`);
    const group = host.shadowRoot!.querySelector('fieldset')!;
    expect(group.getAttribute('part')).to.equal('send-as');
    expect(group.querySelector('legend')!.textContent).to.equal('Send as');
    expect(checked(host)).to.equal('');
    await expect(host).to.be.accessible();

    host.value = 'g2';
    host.requestUpdate();
    await host.updateComplete;
    expect(checked(host)).to.equal('g2');
    expect(host.changes, 'set by code: no change').to.deep.equal([]);

    host.shadowRoot!.getElementById('before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(host.shadowRoot!.activeElement).to.equal(host.shadowRoot!.querySelector('input[value="g2"]'));
    await sendKeys({ press: 'ArrowUp' });
    await host.updateComplete;
    expect(checked(host)).to.equal('g1');
    expect(host.changes).to.deep.equal(['g1']);
    await expect(host).to.be.accessible();
  });

  it('shows an error and marks the choice invalid', async () => {
    const host = await fixture<TestSendAsHost>(html`<test-send-as-host></test-send-as-host>`);
    host.error = 'You no longer manage Organisers.';
    host.requestUpdate();
    await host.updateComplete;
    const radio = host.shadowRoot!.querySelector<HTMLInputElement>('input[name="send-as"]')!;
    expect(radio.getAttribute('aria-invalid')).to.equal('true');
    expect(radio.getAttribute('aria-describedby')).to.equal('as-error');
    expect(host.shadowRoot!.getElementById('as-error')!.textContent).to.equal(host.error);
    await expect(host).to.be.accessible();
  });
});
