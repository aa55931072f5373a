/**
 * S22: the email string tables (`src/i18n/email-strings.ts` and `locales/email-*.ts`, in the same
 * languages as the elements' tables), chosen for a recipient's language: the exact tag, then its
 * language (`de-AT` → `de`), then the portal's default, then English. A digest names each
 * conversation exactly as the elements' list does, so that one entry comes from the elements'
 * table of the same language. The server imports the tables only (they import nothing but the
 * envelope's name), never the elements' registry.
 */
import { ar as arElements } from '../../../src/i18n/locales/ar.js';
import { de as deElements } from '../../../src/i18n/locales/de.js';
import { ar } from '../../../src/i18n/locales/email-ar.js';
import { de } from '../../../src/i18n/locales/email-de.js';
import { en, type EmailStrings } from '../../../src/i18n/email-strings.js';
import { en as enElements, type ConvStrings } from '../../../src/i18n/strings.js';

/** What an email reads: its own table, and a conversation's title as the elements give it. */
export type EmailTable = EmailStrings & Pick<ConvStrings, 'conversationWith'>;

const table = (email: EmailStrings, elements: Pick<ConvStrings, 'conversationWith'>): EmailTable => ({
  ...email,
  conversationWith: elements.conversationWith,
});

const TABLES: Readonly<Record<string, EmailTable>> = {
  en: table(en, enElements),
  de: table(de, deElements),
  ar: table(ar, arElements),
};

/** Languages written right to left (of those a portal may name). */
const RIGHT_TO_LEFT = new Set(['ar', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi', 'ckb']);

export interface EmailLanguage {
  /** The tag the text is in (`lang`). */
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  readonly strings: EmailTable;
}

function tableFor(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  if (TABLES[tag]) return tag;
  const language = tag.split('-')[0].toLowerCase();
  return TABLES[language] ? language : undefined;
}

export function emailLanguage(memberLocale: string | null | undefined, portalDefault: string): EmailLanguage {
  const locale = tableFor(memberLocale) ?? tableFor(portalDefault) ?? 'en';
  return { locale, dir: RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr', strings: TABLES[locale] };
}
