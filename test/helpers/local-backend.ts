/**
 * Local backends for tests: a fixture directory, a backend loaded with it in a database of its
 * own, the conformance-suite factory, and a recorder for adapter events. Anyone's tests may use
 * these; destroy every backend you make (`await backend.destroy()` in `afterEach`).
 */
import type { AdapterEvent } from '../../src/adapter/events.js';
import type { ConversationsAdapter } from '../../src/adapter/adapter.js';
import type { ConformanceBackend, ConformanceFactoryOptions } from '../../src/adapter/conformance/harness.js';
import type { Policy } from '../../src/core/policy.js';
import type { DirectoryData } from '../../src/core/types.js';
import { openDB } from 'idb';
import { LocalBackend } from '../../src/adapters/local/index.js';

/**
 * Twelve members, m1…m12 (m5 has a right-to-left name, m4 and m6 accented ones), and two groups:
 * g1 (manager m1; members m2, m3) and g2 (manager m4; member m5).
 */
export const FIXTURE_DIRECTORY: DirectoryData = {
  members: [
    { id: 'm1', name: 'Ada Lovelace' },
    { id: 'm2', name: 'Grace Hopper' },
    { id: 'm3', name: 'Alan Turing' },
    { id: 'm4', name: 'Zoë Müller' },
    { id: 'm5', name: 'ليلى الحسيني' },
    { id: 'm6', name: 'José Ángel Núñez' },
    { id: 'm7', name: '王小明' },
    { id: 'm8', name: 'Katherine Johnson' },
    { id: 'm9', name: 'Edsger Dijkstra' },
    { id: 'm10', name: 'Barbara Liskov' },
    { id: 'm11', name: 'Donald Knuth' },
    { id: 'm12', name: 'Margaret Hamilton' },
  ],
  groups: [
    { id: 'g1', name: 'Documentation team', managers: ['m1'], members: ['m2', 'm3'] },
    { id: 'g2', name: 'Event organisers', managers: ['m4'], members: ['m5'] },
  ],
};

let counter = 0;

/** A database name no other test uses, in this run or a previous one. */
export function uniqueDatabaseName(prefix = 'conv-test'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A backend in a new database, loaded with `FIXTURE_DIRECTORY`. Destroy it after the test. */
export async function freshBackend(
  options: { policy?: Partial<Policy>; name?: string } = {},
): Promise<LocalBackend> {
  const backend = new LocalBackend({ name: options.name ?? uniqueDatabaseName(), policy: options.policy });
  await backend.loadDirectory(FIXTURE_DIRECTORY);
  return backend;
}

/** The conformance suite's factory for the local adapter: an empty backend in a new database. */
export async function createLocalConformanceBackend(
  options: ConformanceFactoryOptions = {},
): Promise<ConformanceBackend> {
  const name = uniqueDatabaseName('conv-conformance');
  const backend = new LocalBackend({ name, policy: options.policy });
  return {
    loadDirectory: (directory) => backend.loadDirectory(directory),
    ageMessages: (ms) => ageLocalMessages(name, ms),
    setGroupRole: (groupId, memberId, role) => backend.setGroupRole(groupId, memberId, role),
    setFollow: (followerId, followedId, following) => backend.setFollow(followerId, followedId, following),
    blockMember: (memberId) => backend.blockMember(memberId),
    unblockMember: (memberId) => backend.unblockMember(memberId),
    deleteMember: (memberId, options) => backend.deleteMember(memberId, options),
    setGroupReaders: (groupId, readers) => backend.setGroupReaders(groupId, readers),
    adapterFor: (memberId) => backend.adapterFor(memberId),
    dispose: () => backend.destroy(),
  };
}

/**
 * Moves every message of a local database `ms` into the past, straight in IndexedDB (a test's
 * stand-in for time passing: the backend itself has no such door).
 */
export async function ageLocalMessages(databaseName: string, ms: number): Promise<void> {
  const db = await openDB(databaseName);
  try {
    const tx = db.transaction('messages', 'readwrite');
    for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
      const row = cursor.value as { sentAt: number };
      await cursor.update({ ...row, sentAt: row.sentAt - ms });
    }
    await tx.done;
  } finally {
    db.close();
  }
}

/** Every event an adapter delivers, from now on, in order. */
export interface EventRecorder {
  readonly events: readonly AdapterEvent[];
  /** The first recorded event (already or later) that matches. */
  waitFor<E extends AdapterEvent>(predicate: (event: AdapterEvent) => event is E): Promise<E>;
  waitFor(predicate: (event: AdapterEvent) => boolean): Promise<AdapterEvent>;
  /** Recorded events of one type. */
  ofType<T extends AdapterEvent['type']>(type: T): Extract<AdapterEvent, { type: T }>[];
  stop(): void;
}

export function recordEvents(adapter: ConversationsAdapter): EventRecorder {
  const events: AdapterEvent[] = [];
  const waiters = new Set<{
    predicate: (event: AdapterEvent) => boolean;
    resolve: (event: AdapterEvent) => void;
  }>();
  const unsubscribe = adapter.subscribe((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  });
  return {
    events,
    waitFor(predicate: (event: AdapterEvent) => boolean): Promise<AdapterEvent> {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.add({ predicate, resolve }));
    },
    ofType<T extends AdapterEvent['type']>(type: T) {
      return events.filter((event): event is Extract<AdapterEvent, { type: T }> => event.type === type);
    },
    stop: unsubscribe,
  } as EventRecorder;
}
