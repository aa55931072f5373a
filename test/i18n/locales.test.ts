import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define/conv-provider.js';
import '../../src/define/conv-envelope-badge.js';
import '../../src/define/conv-notification-settings.js';
import type { ConvEnvelopeBadge } from '../../src/components/envelope-badge/envelope-badge.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import type { ConvStrings } from '../../src/i18n/strings.js';
import { english as en } from '../../src/i18n/english.js';
import { de } from '../../src/i18n/locales/de.js';
import { ar } from '../../src/i18n/locales/ar.js';
import { en as emailEn, type EmailStrings } from '../../src/i18n/email-strings.js';
import { de as emailDe } from '../../src/i18n/locales/email-de.js';
import { ar as emailAr } from '../../src/i18n/locales/email-ar.js';
import { registerStrings } from '../../src/i18n/registry.js';
import { stringsFor } from '../../src/i18n/strings-for.js';
import { createClientId } from '../../src/core/ids.js';
import { freshBackend } from '../helpers/local-backend.js';
import { clientFor, disposeClients } from '../helpers/clients.js';

const tables: Record<string, ConvStrings> = { de, ar };
const emailTables: Record<string, EmailStrings> = { de: emailDe, ar: emailAr };

/** A translation has every entry of English, of the same kind, and none left in English. */
function expectComplete<T extends object>(english: T, table: T): void {
  const keys = Object.keys(english) as (keyof T)[];
  expect(Object.keys(table).sort()).to.deep.equal([...keys].map(String).sort());
  for (const key of keys) {
    expect(typeof table[key], String(key)).to.equal(typeof english[key]);
    // Punctuation-only entries ('.') are the same in every language; words are not.
    if (typeof english[key] === 'string' && /\p{L}/u.test(english[key] as string)) {
      expect(table[key], String(key)).to.not.equal(english[key]);
    }
  }
}

function nameOf(badge: ConvEnvelopeBadge): string | null {
  return badge.shadowRoot!.querySelector('[part="base"]')!.getAttribute('aria-label');
}

describe('locale tables', () => {
  for (const [locale, table] of Object.entries(tables)) {
    it(`${locale} has every entry of English, of the same kind, and none left in English`, () => {
      expectComplete(en, table);
    });
  }
  for (const [locale, table] of Object.entries(emailTables)) {
    it(`${locale}'s email table has every entry of English, of the same kind, none left in English`, () => {
      expectComplete(emailEn, table);
    });
  }

  it("keeps the emails' strings out of the elements' tables (only the server reads them)", () => {
    const elementKeys = new Set(Object.keys(en));
    expect(Object.keys(emailEn).filter((key) => elementKeys.has(key))).to.deep.equal([]);
  });

  it('Arabic counts agree with the number (one, two, few, many)', () => {
    const format = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect(ar.composeResults(1, format(1))).to.equal('نتيجة واحدة');
    expect(ar.composeResults(2, format(2))).to.equal('نتيجتان');
    expect(ar.composeResults(3, format(3))).to.equal(`${format(3)} نتائج`);
    expect(ar.composeResults(11, format(11))).to.equal(`${format(11)} نتيجة`);
  });

  it('falls back from region to language to English', () => {
    registerStrings('de', de);
    expect(stringsFor('de-AT').startConversation).to.equal(de.startConversation);
    expect(stringsFor('pt-BR').startConversation).to.equal(en.startConversation);
    registerStrings('de-CH', { startConversation: 'Gespräch beginnen' });
    expect(stringsFor('de-CH').startConversation).to.equal('Gespräch beginnen');
    expect(stringsFor('de-CH').threadSend).to.equal(de.threadSend);
  });
});

describe('elements follow lang', () => {
  let backend: LocalBackend;

  beforeEach(async () => {
    backend = await freshBackend();
    registerStrings('de', de);
    registerStrings('ar', ar);
  });

  afterEach(async () => {
    document.documentElement.lang = 'en';
    document.documentElement.dir = 'ltr';
    await disposeClients();
    await backend.destroy();
  });

  it('names the envelope in the language of its closest lang, numbers through Intl', async () => {
    await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hallo',
      clientId: createClientId(),
    });
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="ar" dir="rtl">
        <conv-provider .client=${clientFor(backend, 'm1')}>
          <conv-envelope-badge></conv-envelope-badge>
        </conv-provider>
      </div>`,
    );
    const badge = wrapper.querySelector<ConvEnvelopeBadge>('conv-envelope-badge')!;
    const expected = ar.envelope(1, new Intl.NumberFormat('ar').format(1));
    await waitUntil(() => nameOf(badge) === expected, `the badge never said "${expected}"`);

    wrapper.lang = 'de';
    // The element reads its lang on render; a change of an ancestor's lang is not observed.
    badge.requestUpdate();
    await badge.updateComplete;
    expect(nameOf(badge)).to.equal('Unterhaltungen, 1 ungelesen');
    await expect(badge).to.be.accessible();
  });

  it('re-renders when the document language changes', async () => {
    const provider = await fixture<HTMLElement>(
      html`<conv-provider .client=${clientFor(backend, 'm1')}>
        <conv-notification-settings></conv-notification-settings>
      </conv-provider>`,
    );
    const settings = provider.querySelector('conv-notification-settings')!;
    const legend = () => settings.shadowRoot!.querySelector('legend')?.textContent?.trim();
    await waitUntil(() => legend() === en.settingsLegend, 'no English legend');
    document.documentElement.lang = 'de';
    await waitUntil(() => legend() === de.settingsLegend, 'the legend did not turn German');
    document.documentElement.lang = 'ar';
    document.documentElement.dir = 'rtl';
    await waitUntil(() => legend() === ar.settingsLegend, 'the legend did not turn Arabic');
    expect(getComputedStyle(settings).direction).to.equal('rtl');
    await expect(settings).to.be.accessible();
  });
});
