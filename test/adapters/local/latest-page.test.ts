import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../../src/adapters/local/index.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { freshBackend } from '../../helpers/local-backend.js';
import { rejection } from '../../helpers/rejection.js';

/**
 * Runs `work` as a browser without backwards index reads (IndexedDB 3's `getAll` options, found
 * through `getAllRecords`) would: the adapter then reads the latest page after the conversation.
 */
async function withoutBackwardsReads<T>(work: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(IDBIndex.prototype, 'getAllRecords')!;
  delete (IDBIndex.prototype as { getAllRecords?: unknown }).getAllRecords;
  try {
    return await work();
  } finally {
    Object.defineProperty(IDBIndex.prototype, 'getAllRecords', descriptor);
  }
}

/**
 * Runs `work` as a browser would that has `getAllRecords` but whose `getAll` takes no options:
 * to it, an options object is no key, a DataError thrown at once.
 */
async function withGetAllWithoutOptions<T>(work: () => Promise<T>): Promise<T> {
  const original = IDBIndex.prototype.getAll;
  IDBIndex.prototype.getAll = function (this: IDBIndex, ...args: Parameters<IDBIndex['getAll']>) {
    const [query] = args as unknown[];
    if (query !== null && typeof query === 'object' && 'query' in query) {
      throw new DOMException('The parameter is not a valid key.', 'DataError');
    }
    return original.apply(this, args);
  };
  try {
    return await work();
  } finally {
    IDBIndex.prototype.getAll = original;
  }
}

describe('local adapter: the latest page of a thread', () => {
  let backend: LocalBackend;
  afterEach(() => backend.destroy());

  it('is the same page read beside the conversation as read after it', async () => {
    // Otherwise both halves below would take the same path and prove nothing.
    expect('getAllRecords' in IDBIndex.prototype, 'the browser reads indexes backwards').to.equal(true);
    backend = await freshBackend();
    const ada = backend.adapterFor('m1');
    const { conversation } = await ada.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Message 1',
      clientId: 'latest-page-1',
    });
    for (let i = 2; i <= 57; i++) {
      await ada.sendMessage({
        conversationId: conversation.id,
        body: `Message ${i}`,
        clientId: `latest-page-${i}`,
      });
    }

    const grace = backend.adapterFor('m2');
    const beside = await grace.listMessages(conversation.id, { limit: 20 });
    const after = await withoutBackwardsReads(() => grace.listMessages(conversation.id, { limit: 20 }));
    expect(beside).to.deep.equal(after);
    const withoutOptions = await withGetAllWithoutOptions(() =>
      grace.listMessages(conversation.id, { limit: 20 }),
    );
    expect(withoutOptions).to.deep.equal(after);
    expect(beside.items.map((message) => message.body)).to.deep.equal(
      Array.from({ length: 20 }, (_, i) => `Message ${38 + i}`),
    );
    expect(beside.before, 'a cursor to the older messages').to.be.a('string');
    const older = await grace.listMessages(conversation.id, { before: beside.before, limit: 50 });
    expect(older.items.map((message) => message.body).at(-1)).to.equal('Message 37');
    expect(older.before).to.equal(undefined);
  });

  it('is not found, on both paths, for a member outside the conversation', async () => {
    backend = await freshBackend();
    const { conversation } = await backend.adapterFor('m1').startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Between the two of us',
      clientId: 'latest-page-private',
    });
    const alan = backend.adapterFor('m3');
    expect(await rejection(alan.listMessages(conversation.id))).to.be.instanceOf(NotFoundError);
    expect(await rejection(withoutBackwardsReads(() => alan.listMessages(conversation.id)))).to.be.instanceOf(
      NotFoundError,
    );
  });
});
