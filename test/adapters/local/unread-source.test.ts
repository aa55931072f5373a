import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { UnreadSource } from '../../../src/adapter/unread-source.js';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { channelName, isNotice, type Notice } from '../../../src/adapters/local/notices.js';
import { openLocalUnreadSource } from '../../../src/adapters/local/unread-source.js';
import { SCHEMA_VERSION } from '../../../src/adapters/local/schema-version.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { createClientId } from '../../../src/core/ids.js';
import { databaseExists, within } from '../../client/helpers.js';
import { freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';

function writeTo(backend: LocalBackend, from: string, to: string, body = 'Hello there') {
  return backend.adapterFor(from).startConversation({
    recipients: [{ kind: 'member', id: to }],
    body,
    clientId: createClientId(),
  });
}

/** Counts a source's `watch` calls; `next()` resolves on the next one. */
function watchCalls(source: UnreadSource) {
  let calls = 0;
  let wake: (() => void) | undefined;
  const stop = source.watch(() => {
    calls++;
    wake?.();
    wake = undefined;
  });
  return {
    get calls() {
      return calls;
    },
    next: () => new Promise<void>((resolve) => (wake = resolve)),
    stop,
  };
}

/**
 * Resolves when a notice matching `predicate` goes by on the database's channel. Made after the
 * source's watch: a channel's messages reach its listeners in the order the channels were made,
 * so once this hears a notice, the watcher has heard it too, and a call that has not come by
 * then never will.
 */
function noticeSeen(databaseName: string, predicate: (notice: Notice) => boolean): Promise<Notice> {
  const channel = new BroadcastChannel(channelName(databaseName));
  return new Promise<Notice>((resolve) => {
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (!isNotice(data) || !predicate(data)) return;
      channel.close();
      resolve(data);
    };
  });
}

describe('openLocalUnreadSource', () => {
  let backend: LocalBackend;
  const sources: UnreadSource[] = [];
  /** Databases a test made with raw IndexedDB. */
  const rawDatabases: string[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    for (const source of sources.splice(0)) source.close?.();
    await Promise.all(rawDatabases.splice(0).map((name) => deleteDB(name)));
    await backend.destroy();
  });

  async function open(memberId: string, databaseName = backend.name): Promise<UnreadSource> {
    const source = await openLocalUnreadSource(databaseName, memberId);
    expect(source, 'a source over the seeded database').to.not.equal(undefined);
    sources.push(source!);
    return source!;
  }

  it('answers undefined for a database that does not exist, and does not create it', async () => {
    const name = uniqueDatabaseName('conv-unread-missing');
    rawDatabases.push(name);
    const source = await openLocalUnreadSource(name, 'm1');
    source?.close?.();
    expect(source === undefined, 'a source over a database it cannot read').to.equal(true);
    expect(await databaseExists(name), 'the database was created').to.equal(false);
  });

  it('answers undefined for a database at another schema version, and leaves it as it was', async () => {
    const name = uniqueDatabaseName('conv-unread-other');
    rawDatabases.push(name);
    // A version this code does not know (the next one), with the store the source reads, so
    // that only the version can tell it apart.
    const other = SCHEMA_VERSION + 1;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, other);
      request.onupgradeneeded = () => request.result.createObjectStore('unread', { keyPath: 'memberId' });
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });

    const source = await openLocalUnreadSource(name, 'm1');
    source?.close?.();
    expect(source === undefined, 'a source over a database it cannot read').to.equal(true);
    const listed = (await indexedDB.databases()).find((database) => database.name === name);
    expect(listed?.version).to.equal(other);
  });

  it('reads the member’s real totals from a seeded backend', async () => {
    await writeTo(backend, 'm2', 'm1');
    expect(await (await open('m1')).getUnreadSummary()).to.deep.equal({ total: 1, conversations: 1 });
    expect(await (await open('m2')).getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
    // A member who never received anything has no row: nothing unread.
    expect(await (await open('m7')).getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
  });

  it('agrees with the adapter’s own totals after group messages, replies and reads', async () => {
    const m2 = backend.adapterFor('m2');
    const m4 = backend.adapterFor('m4');
    const first = await writeTo(backend, 'm2', 'm1', 'one');
    await m2.sendMessage({ conversationId: first.conversation.id, body: 'two', clientId: createClientId() });
    // g1 is managed by m1: a message to the group is m1's to read as well.
    const toGroup = await m4.startConversation({
      recipients: [{ kind: 'group', id: 'g1' }],
      body: 'To the documentation team',
      clientId: createClientId(),
    });
    await writeTo(backend, 'm3', 'm1', 'three');
    await backend.adapterFor('m1').markRead(toGroup.conversation.id, toGroup.message.id);

    const expected = await backend.adapterFor('m1').getUnreadSummary();
    expect(expected).to.deep.equal({ total: 3, conversations: 2 });
    expect(await (await open('m1')).getUnreadSummary()).to.deep.equal(expected);
    // m3 is in g1 too, and has not read the group's message.
    expect(await (await open('m3')).getUnreadSummary()).to.deep.equal(
      await backend.adapterFor('m3').getUnreadSummary(),
    );
  });

  it('watch fires when another adapter writes to the member, and when the member reads', async () => {
    const source = await open('m1');
    const watcher = watchCalls(source);

    const arrived = watcher.next();
    const { conversation, message } = await writeTo(backend, 'm2', 'm1');
    await within(3000, arrived, 'the watcher hearing of the message');
    expect(await source.getUnreadSummary()).to.deep.equal({ total: 1, conversations: 1 });

    const read = watcher.next();
    await backend.adapterFor('m1').markRead(conversation.id, message.id);
    await within(3000, read, 'the watcher hearing of the read');
    expect(await source.getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
    watcher.stop();
  });

  it('watch stays quiet when another member reads, or changes their settings', async () => {
    const { conversation, message } = await writeTo(backend, 'm1', 'm2');
    const source = await open('m1');
    const watcher = watchCalls(source);

    const othersRead = noticeSeen(backend.name, (notice) => notice.type === 'read');
    await backend.adapterFor('m2').markRead(conversation.id, message.id);
    expect((await within(3000, othersRead)).type).to.equal('read');
    const ownSettings = noticeSeen(backend.name, (notice) => notice.type === 'settings');
    await backend.adapterFor('m1').updateSettings({ email: false });
    await within(3000, ownSettings);
    expect(watcher.calls).to.equal(0);

    // Still listening: the member's own news does reach it.
    const reply = watcher.next();
    await backend.adapterFor('m2').sendMessage({
      conversationId: conversation.id,
      body: 'Read it, thanks',
      clientId: createClientId(),
    });
    await within(3000, reply, 'the watcher hearing of the reply');
    expect(watcher.calls).to.equal(1);
  });

  it('after close(), reads reject with UnavailableError and watchers stop', async () => {
    const source = await open('m1');
    expect(await source.getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
    const watcher = watchCalls(source);
    source.close!();

    let refused: unknown;
    await source.getUnreadSummary().catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(UnavailableError);
    expect((refused as Error).message)
      .to.be.a('string')
      .and.not.equal('');

    const message = noticeSeen(backend.name, (notice) => notice.type === 'message');
    await writeTo(backend, 'm2', 'm1');
    await within(3000, message);
    expect(watcher.calls).to.equal(0);
  });

  it('after close(), a read that was refused leaves nothing open: the database can be deleted', async () => {
    const source = await open('m1');
    source.close!();
    await source.getUnreadSummary().catch(() => undefined);
    await within(5000, backend.destroy(), 'deleting the database');
  });

  it('lets the backend delete the database while it is open, and does not bring it back', async () => {
    const source = await open('m1');
    await writeTo(backend, 'm2', 'm1');
    expect((await source.getUnreadSummary()).total).to.equal(1);

    await within(5000, backend.destroy(), 'deleting the database under an open source');

    let refused: unknown;
    await source.getUnreadSummary().catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(UnavailableError);
    expect(await databaseExists(backend.name), 'the database came back').to.equal(false);
  });

  it('follows the backend when it deletes and makes the database again', async () => {
    const source = await open('m1');
    expect((await source.getUnreadSummary()).total).to.equal(0);
    await within(5000, backend.destroy());

    backend = await freshBackend({ name: backend.name });
    await writeTo(backend, 'm3', 'm1');
    expect(await source.getUnreadSummary()).to.deep.equal({ total: 1, conversations: 1 });
  });
});
