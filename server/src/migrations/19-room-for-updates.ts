/**
 * Migration 19: room on each page for the rows every send updates, so that their new versions
 * stay on the page (PostgreSQL's HOT updates: no new index entry, and the old version pruned with
 * the page instead of waiting for a vacuum).
 *
 * A send moves the event counter of every member who hears it (`members.event_seq`), the
 * writer's read position (`reads`) and their allowance (`rate_limits`); none of these columns is
 * indexed, so each update could be HOT, but only if the row's page has room for the new version.
 * At the default fill factor (100) a table loaded at once, as a portal's directory is, has none:
 * every first update moved the row to another page and added an entry to each index. Updating
 * the event counter of 5,000 members took 22 to 24 ms at 100 and 12 to 13 ms at 70 (four rounds
 * each, alternating, on copies of the same rows).
 *
 * The fill factor applies to pages written from now on: rows written before move once, on their
 * next update, to a page that keeps room, and stay there.
 */
export const MIGRATION_19 = `
  alter table members set (fillfactor = 70);
  alter table reads set (fillfactor = 70);
  alter table rate_limits set (fillfactor = 70);
`;
