import { en, type ConvStrings } from './strings.js';

const REGISTRY_KEY = Symbol.for('conv-elements/strings');
export const STRINGS_CHANGED_EVENT = 'conv-strings-changed';

type Registry = Map<string, Partial<ConvStrings>>;

// Kept on globalThis under a shared symbol so that two copies of the library on one page (a
// theme's bundle and a plugin's) read the same translations.
function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (holder[REGISTRY_KEY] ??= new Map([['en', en]]));
}

/**
 * Adds or replaces strings for a locale (`'de'`, `'ar'`, `'pt-BR'`). Missing entries fall back to
 * the language (`pt` for `pt-BR`), then to English. Elements on the page update at once.
 */
export function registerStrings(locale: string, strings: Partial<ConvStrings>): void {
  const key = locale.toLowerCase();
  registry().set(key, { ...registry().get(key), ...strings });
  globalThis.dispatchEvent?.(new Event(STRINGS_CHANGED_EVENT));
}

/** The full table for a locale, filled from its language and from English. */
export function stringsFor(locale: string): ConvStrings {
  const key = locale.toLowerCase();
  const language = key.split('-')[0];
  return { ...en, ...registry().get(language), ...registry().get(key) };
}
