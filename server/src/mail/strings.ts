/**
 * S22: the string tables of the elements (`src/i18n`), chosen for a recipient's language: the
 * exact tag, then its language (`de-AT` → `de`), then the portal's default, then English. The
 * server imports the tables only (they import nothing), never the elements' registry.
 */
import { de } from '../../../src/i18n/locales/de.js';
import { ar } from '../../../src/i18n/locales/ar.js';
import { en, type ConvStrings } from '../../../src/i18n/strings.js';

const TABLES: Readonly<Record<string, ConvStrings>> = { en, de, ar };

/** Languages written right to left (of those a portal may name). */
const RIGHT_TO_LEFT = new Set(['ar', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi', 'ckb']);

export interface EmailLanguage {
  /** The tag the text is in (`lang`). */
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  readonly strings: ConvStrings;
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
