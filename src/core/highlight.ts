/**
 * Where a search's match sits in a text (S30), for elements to mark it: apart from
 * `./search.ts`, which every backend and the client load, so that only the search panel's chunk
 * carries it.
 */
import { foldForSearch } from './text.js';
import { searchWords } from './search.js';

/** Letters and digits: a match that follows one is inside a word, not at its beginning. */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** A piece of a text: `match` when it is part of a word the query looked for. */
export interface TextSegment {
  readonly text: string;
  readonly match: boolean;
}

/**
 * The text cut into pieces, the parts that a search for `query` matched marked, for an element
 * to render as text (each piece a text binding, matches in `<mark>`). Each code point is folded
 * alone and remembers where it came from, so a match in the folded text ("zoe") marks the
 * characters it came from ("Zoë"), marks and all. Matches are word beginnings, as in `wordsMatch`,
 * or, for a name, anywhere (`anywhere: true`, as a name search matches).
 */
export function highlightSegments(text: string, query: string, anywhere = false): TextSegment[] {
  const words = anywhere ? [foldForSearch(query.trim())].filter(Boolean) : searchWords(query);
  if (words.length === 0 || text.length === 0) return [{ text, match: false }];
  let folded = '';
  // For each UTF-16 unit of `folded`: the start and end of the code point of `text` it came from.
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const character of text) {
    const piece = foldForSearch(character);
    for (let i = 0; i < piece.length; i++) {
      starts.push(index);
      ends.push(index + character.length);
    }
    folded += piece;
    index += character.length;
  }
  const marked = new Array<boolean>(text.length).fill(false);
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) {
      if (!anywhere && at > 0 && WORD_CHARACTER.test(folded[at - 1]!)) continue;
      let end = ends[at + word.length - 1]!;
      // Marks after the last letter fold to nothing: they belong to it.
      while (end < text.length && foldForSearch(String.fromCodePoint(text.codePointAt(end)!)) === '') {
        end += text.codePointAt(end)! > 0xffff ? 2 : 1;
      }
      for (let i = starts[at]!; i < end; i++) marked[i] = true;
    }
  }
  const segments: TextSegment[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || marked[i] !== marked[start]) {
      segments.push({ text: text.slice(start, i), match: marked[start]! });
      start = i;
    }
  }
  return segments;
}
