/**
 * The English entries only the search element (`components/conversation-search/`) reads. It adds them as
 * it loads (`addEnglish`), so that a page that never opens it does not carry them; the locale
 * tables have them as usual.
 */
import type { ConvStrings, SearchKey } from '../strings.js';

export const searchEnglish: Pick<ConvStrings, SearchKey> = {
  searchLabel: 'Search by name or message',
  searchClose: 'Close search',
  searchSearching: 'Searching…',
  searchByName: 'Conversations',
  searchByText: 'Messages',
  searchNothing: (query) => `Nothing found for “${query}”.`,
  searchTooLong: (limit) => `A search holds at most ${limit} characters.`,
  searchFound: (count, formatted) => (count === 1 ? '1 result' : `${formatted} results`),
};
