/**
 * `import-decidim`: moves a Decidim portal here in one pass (`decidim.ts` reads it): the
 * directory first (members, then groups with their members and managers), then the members'
 * privacy (follows, "who may message me", moderator blocks, deleted accounts, groups read by
 * managers only, as Decidim shows group conversations to managers only), then every
 * conversation through the same importer as `POST /admin/v1/import`. Run again, it updates the
 * directory and adds only what is new.
 */
import { isValidId, parseDirectory, type Policy } from '../../../src/core/index.js';
import { openPglite, openPostgres, type Database } from '../db.js';
import { setFollow } from '../store/acceptance.js';
import { loadDirectory } from '../store/directory.js';
import { deleteMember, setGroupReaders, setMemberBlock } from '../store/moderation.js';
import { updateSettings } from '../store/settings.js';
import { decidimOrganizations, readDecidim, type DecidimMember } from './decidim.js';
import { Importer, type ImportCounts, type ImportSummary } from './importer.js';

export interface DecidimMoveOptions {
  /** Which organization, when the database holds several. */
  readonly organization?: number;
  readonly onProgress?: (counts: ImportCounts) => void;
  readonly log?: (text: string) => void;
  /** The test servers' space; '' in production. */
  readonly space?: string;
}

/** The Decidim database: a PostgreSQL URL, or `pglite:<folder>` for a copy restored into PGlite. */
export async function openDecidim(source: string): Promise<Database> {
  if (source.startsWith('pglite:')) return openPglite(source.slice('pglite:'.length));
  return openPostgres(source, undefined);
}

/** A member entry the directory takes: an address or link it refuses is left out, not the member. */
function acceptedEntry(member: DecidimMember): DecidimMember['entry'] {
  for (const entry of [member.entry, { id: member.entry.id, name: member.entry.name }]) {
    try {
      parseDirectory({ members: [entry], groups: [] });
      return entry;
    } catch {
      // try the next, plainer entry
    }
  }
  return { id: member.entry.id, name: `Member ${member.entry.id}` };
}

export async function importDecidim(
  db: Database,
  policy: Policy,
  source: string | Database,
  options: DecidimMoveOptions = {},
): Promise<ImportSummary> {
  const log = options.log ?? (() => undefined);
  const space = options.space ?? '';
  const decidim = typeof source === 'string' ? await openDecidim(source) : source;
  try {
    const organizations = await decidimOrganizations(decidim);
    const organization = options.organization ?? (organizations.length === 1 ? organizations[0] : undefined);
    if (organization === undefined || !organizations.includes(organization)) {
      throw new Error(
        `Name the organization to move with --organization: this database holds ${organizations.join(', ') || 'none'}.`,
      );
    }
    const importer = new Importer(db, policy, options.onProgress);
    let members = 0;
    let groups = 0;
    let follows = 0;
    let moderated = 0;
    let line = 0;
    await decidim.transaction((tx) =>
      readDecidim(tx, organization, {
        async members(page) {
          await loadDirectory(db, space, { members: page.map(acceptedEntry), groups: [] });
          // Decidim's "only people I follow may message me" is acceptFrom 'followed' (S14).
          for (const member of page) {
            if (member.acceptFrom === 'followed') {
              await updateSettings(db, space, member.entry.id, { acceptFrom: 'followed' });
            }
          }
          members += page.length;
          log(`${members.toLocaleString('en')} members`);
        },
        async groups(page) {
          const valid = page.filter((group) => isValidId(group.id));
          const known = await db.query<{ id: string }>('select id from groups where id = any($1::text[])', [
            valid.map((group) => group.id),
          ]);
          await loadDirectory(db, space, { members: [], groups: valid });
          // Decidim shows a group's conversations to its managers only: a group new here starts so (S18).
          const existing = new Set(known.map((row) => row.id));
          for (const group of valid) {
            if (!existing.has(group.id)) await setGroupReaders(db, space, group.id, 'managers');
          }
          groups += page.length;
          log(`${groups.toLocaleString('en')} groups`);
        },
        async follows(page) {
          for (const [follower, followed] of page) await setFollow(db, follower, followed, true);
          follows += page.length;
        },
        record: (record) => importer.add(++line, record),
        // After the conversations: a deleted account's messages keep their place, by "Deleted member".
        async moderation(page) {
          for (const member of page) {
            if (member.deleted) await deleteMember(db, member.id, { eraseMessages: false });
            else if (member.blocked) await setMemberBlock(db, space, member.id, true);
          }
          moderated += page.length;
        },
      }),
    );
    const summary = await importer.finish();
    log(
      `${follows.toLocaleString('en')} follows, ${moderated.toLocaleString('en')} blocked or deleted accounts`,
    );
    return summary;
  } finally {
    if (typeof source === 'string') await decidim.close();
  }
}
