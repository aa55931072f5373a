/**
 * The full table for a locale. Beside the English table and the registry rather than in either,
 * so that neither imports the other: the registry names the table's type, and the envelope reads
 * the registry without loading every English string.
 */
import { registeredFor } from './registry.js';
import { en, type ConvStrings } from './strings.js';

/** The English entries of the elements that load on first use, added as each loads (`en/`). */
const later: Partial<ConvStrings> = {};

/**
 * Adds the English entries an element keeps beside it (`en/*.ts`); the element's module calls
 * this as it loads, before it can render.
 */
export function addEnglish(entries: Partial<ConvStrings>): void {
  Object.assign(later, entries);
}

/**
 * What is registered for the locale, then for its language, then English. An entry of an element
 * that has not loaded is English only once it has (`addEnglish`); the element itself never reads
 * it earlier.
 */
export function stringsFor(locale: string): ConvStrings {
  return { ...en, ...later, ...registeredFor(locale) } as ConvStrings;
}
