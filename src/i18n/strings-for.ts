/**
 * The full table for a locale. Beside the English table and the registry rather than in either,
 * so that neither imports the other: the registry names the table's type, and the envelope reads
 * the registry without loading every English string.
 */
import { registeredFor } from './registry.js';
import { en, type ConvStrings } from './strings.js';

/** What is registered for the locale, then for its language, then English. */
export function stringsFor(locale: string): ConvStrings {
  return { ...en, ...registeredFor(locale) };
}
