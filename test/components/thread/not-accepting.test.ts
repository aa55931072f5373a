/** S14, S15 in the thread: a reply box replaced by the reason; Block and Unblock from the header. */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-thread.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import { mount, openPortal, until, untilAsync, type Portal } from '../inbox/harness.js';

const part = (thread: ConvThread, name: string) =>
  thread.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const bodies = (thread: ConvThread) =>
  [...thread.shadowRoot!.querySelectorAll('[part~="message"] [part="body"]')].map((b) => b.textContent);

describe('<conv-thread>: who may message whom', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('keeps the history readable and replaces the reply box by the reason', async () => {
    const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Hello Grace');
    await portal.send('m2', conversation.id, 'Hello Ada');
    await portal.backend.adapterFor('m2').updateSettings({ acceptFrom: 'followed' });
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => part(thread, 'not-accepting'), 'the reason never showed');
    expect(part(thread, 'not-accepting')!.textContent!.trim()).to.equal(
      'Grace Hopper does not accept messages from you.',
    );
    expect(part(thread, 'input'), 'no reply box').to.equal(null);
    expect(bodies(thread)).to.deep.equal(['Hello Grace', 'Hello Ada']);
    await expect(thread).to.be.accessible();
  });

  for (const [dir, dark] of [
    ['ltr', true],
    ['rtl', false],
    ['rtl', true],
  ] as const) {
    it(`the reason and the block confirmation are accessible, ${dir}${dark ? ', dark' : ''}`, async () => {
      const conversation = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Hello Grace');
      await portal.backend.adapterFor('m2').blockMember('m1');
      const client = await portal.client('m1');
      const thread = await mount<ConvThread>(
        client,
        html`<conv-thread conversation=${conversation.id}></conv-thread>`,
        { dir, dark },
      );
      await until(() => part(thread, 'not-accepting'), 'the reason never showed');
      await expect(thread).to.be.accessible();
      part(thread, 'block-button')!.click();
      await until(() => part(thread, 'block-confirm'), 'no confirmation');
      await expect(thread).to.be.accessible();
    });
  }

  it('blocks and unblocks from the header with the keyboard, confirming first', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Hello Ada');
    const client = await portal.client('m1');
    const thread = await mount<ConvThread>(
      client,
      html`<conv-thread conversation=${conversation.id}></conv-thread>`,
    );
    await until(() => part(thread, 'block-button'), 'no block action');
    const block = part(thread, 'block-button')!;
    // A short word seen; the name in what a screen reader says (its accessible name).
    expect(block.textContent!.trim()).to.equal('Block');
    expect(block.getAttribute('aria-label')).to.equal('Block Grace Hopper');
    block.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => part(thread, 'block-confirm'), 'no confirmation');
    expect(part(thread, 'block-confirm')!.textContent).to.include(
      'Block Grace Hopper? They will no longer be able to write to you. They are not told.',
    );
    // Cancel first: nothing is blocked, focus is back on the action.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => !part(thread, 'block-confirm'), 'the confirmation stayed');
    expect(thread.shadowRoot!.activeElement).to.equal(part(thread, 'block-button'));
    expect(await portal.backend.adapterFor('m1').listBlockedMembers()).to.deep.equal([]);

    await sendKeys({ press: 'Enter' });
    await until(() => part(thread, 'block-confirm'), 'no confirmation');
    expect(thread.shadowRoot!.activeElement?.getAttribute('part')).to.equal('block-confirm-button');
    await sendKeys({ press: 'Enter' });
    await until(
      () => part(thread, 'block-button')?.getAttribute('aria-label') === 'Unblock Grace Hopper',
      'not blocked',
    );
    expect(part(thread, 'feedback')!.textContent!.trim()).to.equal('Grace Hopper is blocked.');
    expect((await portal.backend.adapterFor('m1').listBlockedMembers()).map((m) => m.id)).to.deep.equal([
      'm2',
    ]);
    // Grace is refused as by a setting; Ada may still write.
    let refused: unknown;
    await portal.send('m2', conversation.id, 'Are you there?').catch((error: unknown) => (refused = error));
    expect((refused as { reason?: string }).reason).to.equal('not-accepting');
    expect(part(thread, 'input'), 'the blocker may still reply').not.to.equal(null);
    expect(thread.shadowRoot!.activeElement).to.equal(part(thread, 'block-button'));

    await sendKeys({ press: 'Enter' }); // Unblock needs no confirmation
    await until(
      () => part(thread, 'block-button')?.getAttribute('aria-label') === 'Block Grace Hopper',
      'not unblocked',
    );
    expect(part(thread, 'feedback')!.textContent!.trim()).to.equal('Grace Hopper is no longer blocked.');
    await untilAsync(
      async () => (await portal.backend.adapterFor('m1').listBlockedMembers()).length === 0,
      'still blocked',
    );
  });
});
