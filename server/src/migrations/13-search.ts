/**
 * Migration 13: searching one's conversations (S30).
 *
 * Message text is found with PostgreSQL's full-text search: the `simple` configuration (no
 * stemming, no stop words: right for every language alike) over the body folded as the
 * rulebook's `foldForSearch` folds it, as far as SQL can: compatibility-decomposed, combining
 * marks removed (Latin accents, Hebrew points, Arabic vowel signs), invisible characters removed,
 * then `unaccent` (which also maps letters NFKD keeps, as "ø" → "o" and "ß" → "ss"), then
 * lower-cased by the configuration. A GIN index over that vector is what a search reads; the
 * server then keeps only the rows `core/search.ts` agrees match, so both backends answer alike.
 *
 * `unaccent` is an extension (trusted: a database owner may create it). It is created once per
 * database, in `public`, and called by its qualified name, since each test space (a schema) sees
 * only its own schema and `public` may not be on its search path. `unaccent(text)` is only
 * stable (it looks its dictionary up by name); an index needs an immutable function, so
 * `conv_search_text` names the dictionary itself.
 */
/**
 * The folding, as one SQL expression over `body`, written into both functions: an index build
 * runs with a search path of only the system schemas (PostgreSQL 17), so neither function may
 * call the other by an unqualified name, and this schema's name is not known here.
 */
const FOLDED_BODY = `public.unaccent(
  'public.unaccent'::regdictionary,
  regexp_replace(
    normalize(body, NFKD),
    '[\\u0300-\\u036f\\u0483-\\u0489\\u0591-\\u05c7\\u0610-\\u061a\\u064b-\\u065f\\u0670\\u06d6-\\u06ed\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\ufe00-\\ufe0f\\ufeff]',
    '',
    'g'
  )
)`;

export const MIGRATION_13 = `
  create extension if not exists unaccent with schema public;

  create function conv_search_text(body text) returns text
    language sql immutable parallel safe strict
    as $$ select ${FOLDED_BODY} $$;

  create function conv_search_vector(body text) returns tsvector
    language sql immutable parallel safe strict
    as $$ select to_tsvector('pg_catalog.simple'::regconfig, ${FOLDED_BODY}) $$;

  create index messages_search on messages using gin (conv_search_vector(body));
`;
