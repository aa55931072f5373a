/**
 * Strings a portal registers (`registerStrings`), by locale. Apart from the English table, which
 * elements merge under these (`stringsFor` in strings-for.ts), so that the envelope can look up its
 * one string without loading every other.
 */
import type { ConvStrings } from './strings.js';

const REGISTRY_KEY = Symbol.for('conv-elements/strings');
export const STRINGS_CHANGED_EVENT = 'conv-strings-changed';

type Registry = Map<string, Partial<ConvStrings>>;

// Kept on globalThis under a shared symbol so that two copies of the library on one page (a
// theme's bundle and a plugin's) read the same translations.
function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (holder[REGISTRY_KEY] ??= new Map());
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

/** What is registered for a locale, filled from its language; English is not included. */
export function registeredFor(locale: string): Partial<ConvStrings> {
  const key = locale.toLowerCase();
  const language = key.split('-')[0]!;
  return { ...registry().get(language), ...registry().get(key) };
}
