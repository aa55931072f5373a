import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, html as litHtml } from 'lit';
import { live } from 'lit/directives/live.js';
import { ValidationError } from '../../src/core/errors.js';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.js';
import { LocaleController } from '../../src/i18n/locale-controller.js';
import { de } from '../../src/i18n/locales/de.js';
import { registerStrings } from '../../src/i18n/registry.js';
import { bodyErrorText, MessageFieldController, sendErrorText } from '../../src/internal/message-field.js';

class TestMessageHost extends LitElement {
  policy: Policy = { ...DEFAULT_POLICY, maxMessageLength: 5 };
  edits = 0;
  readonly locale = new LocaleController(this);
  readonly field = new MessageFieldController(this, {
    policy: () => this.policy,
    locale: this.locale,
    onEdit: () => this.edits++,
  });

  override render() {
    return litHtml`<label for="text">Message</label>
      <textarea
        id="text"
        aria-describedby="counter"
        aria-invalid=${this.field.over ? 'true' : 'false'}
        .value=${live(this.field.value)}
        @input=${this.field.onInput}
      ></textarea>
      <p id="counter">${this.field.counterText}</p>`;
  }
}
customElements.define('test-message-host', TestMessageHost);

function counter(host: TestMessageHost): string {
  return host.shadowRoot!.getElementById('counter')!.textContent!.trim();
}

describe('MessageFieldController', () => {
  it('counts code points of the trimmed text as the member types, and goes over the limit', async () => {
    const host = await fixture<TestMessageHost>(html`<test-message-host></test-message-host>`);
    expect(counter(host)).to.equal('5 characters left');
    host.shadowRoot!.querySelector('textarea')!.focus();
    // An emoji is one character (two UTF-16 units); spaces around the text do not count.
    await sendKeys({ type: '  😀ab' });
    await host.updateComplete;
    expect(counter(host)).to.equal('2 characters left');
    expect(host.field.check.ok).to.equal(true);
    await sendKeys({ type: 'cdef' });
    await host.updateComplete;
    expect(counter(host)).to.equal('2 characters too many');
    expect(host.field.over).to.equal(true);
    expect(host.shadowRoot!.querySelector('textarea')!.getAttribute('aria-invalid')).to.equal('true');
    expect(host.edits).to.equal(9);
    await expect(host).to.be.accessible();
  });

  it('follows a change of the portal’s limit', async () => {
    const host = await fixture<TestMessageHost>(html`<test-message-host></test-message-host>`);
    host.field.value = 'abcdef';
    await host.updateComplete;
    expect(counter(host)).to.equal('1 character too many');
    host.policy = { ...host.policy, maxMessageLength: 10 };
    host.requestUpdate();
    await host.updateComplete;
    expect(counter(host)).to.equal('4 characters left');
  });

  it('says why a body is refused, in the element’s language', async () => {
    registerStrings('de', de);
    const host = await fixture<TestMessageHost>(html`<test-message-host lang="de"></test-message-host>`);
    const tooLong = new ValidationError('too-long', 'x', { field: 'body', limit: 1000, actual: 1234 });
    expect(bodyErrorText(host.locale, tooLong)).to.equal(
      'Eine Nachricht hat höchstens 1.000 Zeichen; diese hat 1.234.',
    );
    expect(bodyErrorText(host.locale, new ValidationError('empty', 'x', { field: 'body' }))).to.equal(
      'Schreiben Sie zuerst eine Nachricht.',
    );
    expect(sendErrorText(host.locale, undefined)).to.equal(host.locale.strings.unavailable);
    expect(
      sendErrorText(host.locale, new ValidationError('malformed-text', 'x', { field: 'body' }).toJSON()),
    ).to.equal('Die Nachricht enthält Zeichen, die nicht gesendet werden können.');
  });
});
