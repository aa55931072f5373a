/**
 * One member's unread totals straight from the local database, for a page that shows only the
 * envelope: this reads one row (see `unread-row.ts`; every write keeps it current) and listens on
 * the database's change channel, so such a page never loads the local adapter, `idb` or the
 * client.
 *
 * It only reads. A database that does not exist yet, or holds another schema, is the adapter's to
 * create, seed or upgrade: `openLocalUnreadSource` then answers `undefined` and the caller uses
 * the adapter instead.
 */
import type { UnreadSource } from '../../adapter/unread-source.js';
import { throwIfAborted, UnavailableError } from '../../core/error-base.js';
import type { UnreadSummary } from '../../core/types.js';
import { channelName, isNotice } from './notices.js';
import { holdsUnreadTotals, readUnreadTotals } from './unread-row.js';

/** The database as the adapter left it, or `undefined` where opening it would have to change it. */
function openAsIs(name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    // No version: opens whatever version is there. Only a missing database would be upgraded
    // (created), and aborting that upgrade leaves nothing behind.
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = (event) => {
      event.preventDefault();
      resolve(undefined);
    };
    request.onsuccess = () => {
      const db = request.result;
      if (holdsUnreadTotals(db)) {
        resolve(db);
      } else {
        db.close();
        resolve(undefined);
      }
    };
  });
}

export async function openLocalUnreadSource(
  databaseName: string,
  memberId: string,
): Promise<UnreadSource | undefined> {
  let closed = false;
  let db: IDBDatabase | undefined;
  let opening: Promise<IDBDatabase | undefined> | undefined;
  const channels = new Set<BroadcastChannel>();

  /**
   * The database, opened once and shared by concurrent reads. It lets the adapter of any tab
   * upgrade or delete it: closed on `versionchange`, and opened again by the next read.
   */
  const database = (): Promise<IDBDatabase | undefined> => {
    if (db) return Promise.resolve(db);
    opening ??= openAsIs(databaseName).then((open) => {
      opening = undefined;
      if (!open || closed) {
        open?.close();
        return undefined;
      }
      open.onversionchange = () => {
        open.close();
        if (db === open) db = undefined;
      };
      return (db = open);
    });
    return opening;
  };

  if (!(await database())) return undefined;

  return {
    async getUnreadSummary(options): Promise<UnreadSummary> {
      throwIfAborted(options?.signal);
      const open = closed ? undefined : await database();
      if (closed) throw new UnavailableError('This unread source was closed.');
      if (!open) throw new UnavailableError('The local conversations database is not there.');
      const totals = await readUnreadTotals(open, memberId);
      throwIfAborted(options?.signal);
      return totals;
    },

    watch(onChange) {
      const channel = new BroadcastChannel(channelName(databaseName));
      channels.add(channel);
      channel.onmessage = ({ data }: MessageEvent<unknown>) => {
        // A message may be in one of the member's groups' conversations, so every message counts;
        // a read or a directory change only when it is this member's.
        if (!isNotice(data) || data.type === 'settings') return;
        if (data.type === 'read' && data.memberId !== memberId) return;
        if (data.type === 'directory' && !data.memberIds.includes(memberId)) return;
        onChange();
      };
      return () => {
        channel.close();
        channels.delete(channel);
      };
    },

    close() {
      closed = true;
      for (const channel of channels) channel.close();
      channels.clear();
      db?.close();
      db = undefined;
    },
  };
}
