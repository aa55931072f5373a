/**
 * Rules about text that every parser of the rulebook shares: what a plain-data record is, which
 * strings can be stored at all, which count as blank, and how names are folded for search.
 */

/** A plain object as JSON or structured clone gives it: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A UTF-16 unit of a surrogate pair standing alone. With the `u` flag a well-formed pair is one
// astral code point and does not match, so only lone halves do.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** True when the string has no lone surrogate (it can be encoded as UTF-8 and back unchanged). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** True when the text holds a NUL character, which PostgreSQL cannot store in a `text` column. */
export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

/**
 * True when every backend can store the text and give it back unchanged: no lone surrogate
 * (not encodable as UTF-8) and no NUL (refused by PostgreSQL, and by the rulebook everywhere so
 * that the local adapter does not accept what the server cannot keep).
 */
export function isStorableText(text: string): boolean {
  return isWellFormedText(text) && !hasNul(text);
}

/** Unicode code points: what the rulebook's length limits count (as JSON Schema's `maxLength`). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Characters that show nothing on their own: white space, control characters, and the
 * "default ignorable" code points (zero-width space, zero-width joiner and non-joiner, word
 * joiner, direction marks and embeddings, the byte-order mark, variation selectors, soft hyphen,
 * Hangul fillers, tag characters), plus the blank Braille pattern, a favourite for faking
 * blank text.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/**
 * True when the text shows nothing: empty, or only invisible characters (see above). A message,
 * a name or a report reason like that is empty, whatever its length in code points.
 */
export function isInvisibleText(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}

const MARKS = /\p{M}/gu;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const SPACES = /\s+/gu;
const FINAL_SIGMA = /ς/gu;

/**
 * The form of a name or a query that search compares: case- and accent-insensitive, the same on
 * every backend and in every locale.
 *
 * Compatibility-decomposed (a ligature "ﬁ" or a full-width "Ａ" becomes its plain letters), marks
 * removed ("Zoë" → "zoe"; Hebrew points and Arabic vowel signs too), invisible characters removed
 * (a Persian name written with a zero-width non-joiner matches one typed without), case folded
 * (upper- then lower-casing, which maps "ß" to "ss"; final "ς" made "σ", so that a query
 * ending mid-word still matches; never `toLocaleLowerCase`, whose answer depends on the
 * runtime's locale), runs of white space made one space, recomposed.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(IGNORABLE, '')
    .toUpperCase()
    .toLowerCase()
    .replace(FINAL_SIGMA, 'σ')
    .replace(SPACES, ' ')
    .normalize('NFC');
}
