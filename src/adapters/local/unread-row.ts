/**
 * How the local database keeps a member's unread totals, for a reader without `idb`: the
 * badge-only page's `openLocalUnreadSource` reads them with plain IndexedDB, to stay a few
 * kilobytes. Typed by the schema (`LocalSchema`), so that a change of the store, its key or its
 * rows fails to compile here rather than reading nothing on a live page.
 */
import { UnavailableError } from '../../core/error-base.js';
import type { UnreadSummary } from '../../core/types.js';
import type { LocalSchema, StoreName } from './schema.js';
import { SCHEMA_VERSION } from './schema-version.js';

const UNREAD_STORE = 'unread' satisfies StoreName;
type UnreadRow = LocalSchema[typeof UNREAD_STORE]['value'];

/** Whether `db` is the local database at this schema, with the totals to read. */
export function holdsUnreadTotals(db: IDBDatabase): boolean {
  return db.version === SCHEMA_VERSION && db.objectStoreNames.contains(UNREAD_STORE);
}

/** One member's totals, as the adapter's writes left them; zero for a member with no row yet. */
export function readUnreadTotals(db: IDBDatabase, memberId: UnreadRow['memberId']): Promise<UnreadSummary> {
  const request = db.transaction(UNREAD_STORE).objectStore(UNREAD_STORE).get(memberId);
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      const row = request.result as UnreadRow | undefined;
      resolve({ total: row?.total ?? 0, conversations: row?.conversations ?? 0 });
    };
    request.onerror = () => reject(request.error ?? new UnavailableError());
  });
}
