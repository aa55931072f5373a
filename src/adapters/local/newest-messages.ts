/**
 * The latest page of a thread, read beside its conversation row instead of after it.
 *
 * A page is a range of seqs, and which range the latest page is depends on the conversation's
 * last seq: read the usual way, the row comes first and the page second, two rounds to the
 * database. Where the browser reads an index backwards in one request (IndexedDB 3's `getAll`
 * options, with `getAllRecords`: Chromium 141 and later), the newest `limit` rows of the
 * conversation are the same rows, without knowing the last seq, so both go out in one round.
 * Both reads are in the same transaction: the page is the one the row describes.
 */
import { prefixRange, type MessageRow, type ReadTx } from './schema.js';

/**
 * `getAll` with IndexedDB 3's options, which neither TypeScript's DOM types nor idb's describe
 * yet (idb passes them through to the browser as they are).
 */
interface ReadsBackwards {
  getAll(options: {
    readonly query: IDBKeyRange;
    readonly count: number;
    readonly direction: 'prev';
  }): Promise<MessageRow[]>;
}

const readsBackwards = (): boolean =>
  typeof IDBIndex !== 'undefined' && 'getAllRecords' in IDBIndex.prototype;

/**
 * The newest `limit` messages of the conversation, oldest first, or `undefined` where the browser
 * cannot read them without the conversation's last seq (the caller reads the range then).
 */
export function newestMessages(
  tx: ReadTx,
  conversationId: string,
  limit: number,
): Promise<MessageRow[]> | undefined {
  if (!readsBackwards()) return undefined;
  const index = tx.objectStore('messages').index('bySeq') as unknown as ReadsBackwards;
  let rows: Promise<MessageRow[]>;
  try {
    rows = index.getAll({ query: prefixRange(conversationId), count: limit, direction: 'prev' });
  } catch {
    // A browser with `getAllRecords` whose `getAll` takes no options: the options are no key
    // to it (a DataError, thrown at once). Read after the row, then. (`getAllRecords` itself
    // reads the same page, but copies every row's key beside it: 10 to 20% slower here.)
    return undefined;
  }
  return rows.then((found) => found.reverse());
}
