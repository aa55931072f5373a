/**
 * The whole English table: the first view's entries (`strings.ts`) and those the elements that load
 * on first use keep beside them (`en/`). For the package's `englishStrings` and for checking the
 * translations, and the package's `stringsFor`; the elements never import it.
 */
import { composeEnglish } from './en/compose.js';
import { contactButtonEnglish } from './en/contact-button.js';
import { messageEditorEnglish } from './en/message-editor.js';
import { notifierEnglish } from './en/notifier.js';
import { reportEnglish } from './en/report.js';
import { searchEnglish } from './en/search.js';
import { settingsEnglish } from './en/settings.js';
import { stringsFor } from './strings-for.js';
import { en, type ConvStrings } from './strings.js';

export const english: ConvStrings = {
  ...en,
  ...composeEnglish,
  ...settingsEnglish,
  ...searchEnglish,
  ...reportEnglish,
  ...notifierEnglish,
  ...contactButtonEnglish,
  ...messageEditorEnglish,
};

/**
 * The package's `stringsFor`: the full table for a locale, every English entry included whether or
 * not the element that reads it has loaded.
 */
export function fullStringsFor(locale: string): ConvStrings {
  return { ...english, ...stringsFor(locale) };
}
