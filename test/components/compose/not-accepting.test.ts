/** S14, S15 in compose: members who do not accept the viewer are shown, with why, but cannot be chosen. */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ConvCompose } from '../../../src/components/compose/compose.js';
import type { ConvProvider } from '../../../src/components/provider/provider.js';
import { chipNames, harness, options, pickWithKeyboard, part, ready, until, type Harness } from './setup.js';

describe('<conv-compose>: members who do not accept the viewer', () => {
  let h: Harness | undefined;

  beforeEach(() => sessionStorage.clear());
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await h?.dispose();
    h = undefined;
  });

  /** m3 views; m2 accepts only members they follow; m4 blocked m3; m6 follows nobody but accepts all. */
  async function mount(dir = 'ltr'): Promise<ConvCompose> {
    h = await harness('m3');
    await h.backend.adapterFor('m2').updateSettings({ acceptFrom: 'followed' });
    await h.backend.adapterFor('m4').blockMember('m3');
    const provider = await fixture<ConvProvider>(
      html`<div dir=${dir}>
        <conv-provider .client=${h.client}><conv-compose></conv-compose></conv-provider>
      </div>`,
    );
    const compose = provider.querySelector('conv-compose')!;
    await ready(compose);
    await compose.show();
    return compose;
  }

  const named = (compose: ConvCompose, name: string) =>
    options(compose).find((o) => o.querySelector('.name')?.textContent === name);

  it('shows the reason beside the result, the same for a setting and a block; the keyboard cannot choose it', async () => {
    const compose = await mount();
    await sendKeys({ type: 'grace' });
    await until(() => named(compose, 'Grace Hopper'), 'Grace was not found');
    const grace = named(compose, 'Grace Hopper')!;
    expect(grace.getAttribute('aria-disabled')).to.equal('true');
    expect(grace.querySelector('[part="option-reason"]')!.textContent).to.equal(
      'Grace Hopper does not accept messages from you.',
    );
    await expect(compose).to.be.accessible();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await compose.updateComplete;
    expect(chipNames(compose)).to.deep.equal([]);
    expect(part(compose, '[role="status"]').textContent).to.equal(
      'Grace Hopper does not accept messages from you.',
    );

    // A block reads exactly the same.
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Escape' });
    await sendKeys({ type: 'zoë' });
    await until(() => named(compose, 'Zoë Müller'), 'Zoë was not found');
    expect(named(compose, 'Zoë Müller')!.querySelector('[part="option-reason"]')!.textContent).to.equal(
      'Zoë Müller does not accept messages from you.',
    );
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Escape' });
    // Someone who accepts is chosen as ever.
    await pickWithKeyboard(compose, 'josé', 'José Ángel Núñez');
    expect(chipNames(compose)).to.deep.equal(['José Ángel Núñez']);
  });

  it('once followed, the member can be chosen', async () => {
    const compose = await mount();
    await h!.backend.setFollow('m2', 'm3', true);
    await pickWithKeyboard(compose, 'grace', 'Grace Hopper');
    expect(chipNames(compose)).to.deep.equal(['Grace Hopper']);
  });

  for (const [scheme, dir] of [
    ['dark', 'ltr'],
    ['light', 'rtl'],
    ['dark', 'rtl'],
  ] as const) {
    it(`a refusing result is accessible in ${scheme} mode, ${dir}`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const compose = await mount(dir);
      await sendKeys({ type: 'grace' });
      await until(() => named(compose, 'Grace Hopper'), 'Grace was not found');
      await expect(compose).to.be.accessible();
    });
  }
});
