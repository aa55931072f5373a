import { expect } from '@open-wc/testing';
import type { AdapterEvent } from '../../../src/adapter/events.js';
import { LocalBackend, type LocalAdapter } from '../../../src/adapters/local/index.js';
import type { PartyRef } from '../../../src/core/types.js';
import { freshBackend, recordEvents, type EventRecorder } from '../../helpers/local-backend.js';
import type { TabCommand, TabReport } from './tab-worker.js';

const member = (id: string): PartyRef => ({ kind: 'member', id });
const group = (id: string): PartyRef => ({ kind: 'group', id });

let ids = 0;
function cid(): string {
  ids += 1;
  return `event-${ids.toString().padStart(4, '0')}`;
}

function about(conversationId: string) {
  return (event: AdapterEvent): boolean =>
    (event.type === 'conversation-added' || event.type === 'message-added') &&
    event.conversation.id === conversationId;
}

/**
 * Writes, from `from`, to a conversation that every given recorder's viewer is in, and waits
 * until each recorder has the message. Changes from one adapter reach every other adapter in order, so when this
 * arrives, every event about `from`'s earlier changes has arrived too: what has not, never will.
 */
async function fence(from: LocalAdapter, everyone: readonly string[], recorders: readonly EventRecorder[]) {
  const { message } = await from.startConversation({
    recipients: everyone.filter((id) => id !== from.viewerId).map(member),
    body: 'fence',
    clientId: cid(),
  });
  // The same people again continue the same conversation: wait for this very message.
  await Promise.all(
    recorders.map((recorder) =>
      recorder.waitFor(
        (event) =>
          (event.type === 'conversation-added' || event.type === 'message-added') &&
          event.message.id === message.id,
      ),
    ),
  );
}

describe('local adapter: events', () => {
  let tab1: LocalBackend;
  let tab2: LocalBackend;
  beforeEach(async () => {
    tab1 = await freshBackend();
    // A second backend on the same database: the same portal open in a second tab.
    tab2 = new LocalBackend({ name: tab1.name });
  });
  afterEach(async () => {
    tab2.close();
    await tab1.destroy();
  });

  it('every adapter whose viewer is in it gets exactly one event per change, in either tab', async () => {
    const adaHere = tab1.adapterFor('m1');
    const adaThere = tab2.adapterFor('m1');
    const graceHere = tab1.adapterFor('m2');
    const graceThere = tab2.adapterFor('m2');
    const outsider = tab2.adapterFor('m3');
    const [ah, at, gh, gt, out] = [adaHere, adaThere, graceHere, graceThere, outsider].map(recordEvents);

    const everyone = [ah!, at!, gh!, gt!, out!];
    const { conversation } = await adaHere.startConversation({
      recipients: [member('m2')],
      body: 'Hi',
      clientId: cid(),
    });
    await fence(adaHere, ['m1', 'm2', 'm3'], everyone);
    const reply = await graceThere.sendMessage({
      conversationId: conversation.id,
      body: 'Hello!',
      clientId: cid(),
    });
    await fence(graceThere, ['m1', 'm2', 'm3'], everyone);

    for (const recorder of [ah!, at!, gh!, gt!]) {
      const events = recorder.events.filter(about(conversation.id));
      expect(events.map((event) => event.type)).to.deep.equal(['conversation-added', 'message-added']);
    }
    expect(out!.events.filter(about(conversation.id))).to.have.length(0);

    // Each viewer's own unread count: the writer has read what they wrote.
    const added = (recorder: EventRecorder) =>
      recorder.ofType('message-added').find((event) => event.message.id === reply.id)!;
    expect(added(ah!).conversation.unreadCount).to.equal(1);
    expect(added(at!).conversation.unreadCount).to.equal(1);
    expect(added(gt!).conversation.unreadCount).to.equal(0);
    expect(added(gh!).message).to.deep.equal(reply);
    expect(ah!.ofType('conversation-added')[0]!.message.body).to.equal('Hi');
  });

  it('read state and settings follow the member to their other tabs, and only them', async () => {
    const adaHere = tab1.adapterFor('m1');
    const adaThere = tab2.adapterFor('m1');
    const grace = tab2.adapterFor('m2');
    const { conversation } = await grace.startConversation({
      recipients: [member('m1')],
      body: 'Read me',
      clientId: cid(),
    });
    const second = await grace.sendMessage({
      conversationId: conversation.id,
      body: 'And me',
      clientId: cid(),
    });
    const [here, there, other] = [adaHere, adaThere, grace].map(recordEvents);

    await adaThere.markRead(conversation.id, second.id);
    const read = await here!.waitFor((event) => event.type === 'read-changed');
    expect(read).to.deep.equal({
      type: 'read-changed',
      conversationId: conversation.id,
      upTo: second.id,
      unreadCount: 0,
    });
    await there!.waitFor((event) => event.type === 'read-changed');

    await adaThere.updateSettings({ inApp: false });
    const changed = await here!.waitFor((event) => event.type === 'settings-changed');
    expect(changed).to.deep.equal({ type: 'settings-changed', settings: { inApp: false, email: true } });

    // Marking read again changes nothing, so tells no one.
    await adaThere.markRead(conversation.id, second.id);
    await fence(adaThere, ['m1', 'm2'], [here!, there!, other!]);
    expect(here!.ofType('read-changed')).to.have.length(1);
    expect(there!.ofType('read-changed')).to.have.length(1);
    expect(
      other!.events.filter((event) => event.type === 'read-changed' || event.type === 'settings-changed'),
    ).to.have.length(0);
  });

  it('group conversations reach group members; a removed member hears no more of them', async () => {
    const outsider = tab1.adapterFor('m8');
    const grace = tab2.adapterFor('m2');
    const ada = tab2.adapterFor('m1');
    const [heard, adaHeard] = [grace, ada].map(recordEvents);
    const { conversation } = await outsider.startConversation({
      recipients: [group('g1')],
      body: 'Team?',
      clientId: cid(),
    });
    await heard!.waitFor(about(conversation.id));

    await tab1.setGroupRole('g1', 'm2', null);
    const changed = await heard!.waitFor((event) => event.type === 'viewer-changed');
    expect(changed.type === 'viewer-changed' && changed.viewer.groups).to.deep.equal([]);

    await outsider.sendMessage({ conversationId: conversation.id, body: 'Anyone?', clientId: cid() });
    await fence(outsider, ['m1', 'm2', 'm8'], [heard!, adaHeard!]);
    expect(heard!.events.filter(about(conversation.id))).to.have.length(1);
    expect(adaHeard!.events.filter(about(conversation.id))).to.have.length(2);
    // Ada's memberships did not change.
    expect(adaHeard!.ofType('viewer-changed')).to.have.length(0);
  });

  it('an unsubscribed listener and a closed adapter hear nothing more', async () => {
    const ada = tab1.adapterFor('m1');
    const closing = tab2.adapterFor('m2');
    const grace = tab2.adapterFor('m2');
    const gone = recordEvents(ada);
    const stays = recordEvents(ada);
    const closed = recordEvents(closing);
    const open = recordEvents(grace);
    gone.stop();
    closing.close();
    const { conversation } = await ada.startConversation({
      recipients: [member('m2')],
      body: 'Hi',
      clientId: cid(),
    });
    await fence(ada, ['m1', 'm2', 'm3'], [stays, open]);
    expect(stays.events.filter(about(conversation.id))).to.have.length(1);
    expect(gone.events).to.have.length(0);
    expect(closed.events).to.have.length(0);
  });

  it('a tab in another realm (a worker, with its own connection and channels) takes part', async () => {
    const worker = new Worker(new URL('./tab-worker.ts', import.meta.url), { type: 'module' });
    const reports: TabReport[] = [];
    const waiters: (() => void)[] = [];
    worker.onmessage = ({ data }: MessageEvent<TabReport>) => {
      reports.push(data);
      for (const wake of waiters.splice(0)) wake();
    };
    const report = async (predicate: (report: TabReport) => boolean): Promise<TabReport> => {
      for (;;) {
        const found = reports.find(predicate);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    const command = (message: TabCommand): void => worker.postMessage(message);
    try {
      command({ type: 'open', database: tab1.name, viewer: 'm2' });
      await report((r) => r.type === 'opened');
      const ada = tab1.adapterFor('m1');
      const adaEvents = recordEvents(ada);

      const { conversation, message } = await ada.startConversation({
        recipients: [member('m2')],
        body: 'Over there?',
        clientId: cid(),
      });
      const arrived = await report((r) => r.type === 'event' && r.event.type === 'conversation-added');
      expect(
        arrived.type === 'event' &&
          arrived.event.type === 'conversation-added' &&
          arrived.event.conversation.unreadCount,
      ).to.equal(1);

      command({ type: 'mark-read', id: 1, conversationId: conversation.id, upTo: message.id });
      await report((r) => r.type === 'done' && r.id === 1);
      command({ type: 'send', id: 2, conversationId: conversation.id, body: 'Yes, here.', clientId: cid() });
      const sent = await report((r) => r.type === 'done' && r.id === 2);
      expect(sent.type === 'done' && sent.error).to.equal(undefined);
      const reply = await adaEvents.waitFor((event) => event.type === 'message-added');
      expect(reply.type === 'message-added' && reply.message.body).to.equal('Yes, here.');
      expect((await ada.getConversation(conversation.id)).unreadCount).to.equal(1);
      // The worker's read marker is Grace's, not Ada's: Ada hears nothing of it.
      expect(adaEvents.ofType('read-changed')).to.have.length(0);
    } finally {
      command({ type: 'close' });
      worker.terminate();
    }
  });
});
