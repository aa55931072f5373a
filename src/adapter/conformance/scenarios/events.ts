/**
 * Live events: one per change per subscriber, to those who may see the change only, none after
 * unsubscribing. "Exactly one" and "none" are counted only after a later marker message (sent by
 * the same actor, on the same path) has reached every subscriber: whatever was going to arrive
 * before it has arrived.
 */
import type { ConversationsAdapter } from '../../adapter.js';
import type {
  ConversationAddedEvent,
  MessageAddedEvent,
  ReadChangedEvent,
  SettingsChangedEvent,
} from '../../events.js';
import { assertDeepEqual, assertEqual } from '../assert.js';
import { group, member, members, newClientId } from '../fixture.js';
import {
  about,
  conversationAdded,
  messageAdded,
  readChanged,
  settingsChanged,
  type EventRecorder,
} from '../recorder.js';
import type { Suite } from '../suite.js';
import type { World } from '../world.js';

/**
 * A conversation between `actor`, every subscriber and lu (who takes part in no scenario here,
 * so the channel never has the same participants as, and never continues, a test's own
 * conversation), made before anyone records. `settle` posts a marker message in it and waits
 * until every recorder has it.
 */
async function markerChannel(
  w: World,
  actorId: string,
  subscriberIds: readonly string[],
): Promise<{ settle(recorders: readonly EventRecorder[]): Promise<void> }> {
  const actor = await w.as(actorId);
  const others = [...subscriberIds.filter((id) => id !== actorId), 'lu'];
  const { conversation } = await w.start(actor, members(...others), 'Marker channel');
  return {
    async settle(recorders) {
      const marker = await actor.sendMessage({
        conversationId: conversation.id,
        body: 'marker',
        clientId: newClientId(),
      });
      await Promise.all(
        recorders.map((r) => r.waitFor(messageAdded(marker.id), `the marker message ${marker.id}`)),
      );
    },
  };
}

const isConversationAdded = (event: { type: string }): event is ConversationAddedEvent =>
  event.type === 'conversation-added';

export function eventScenarios(suite: Suite): void {
  suite.describe('events', () => {
    suite.test(
      'conversation-added reaches the starter and each recipient once, as each sees it; no outsider',
      async (w) => {
        const channel = await markerChannel(w, 'ana', ['ana', 'bo', 'zo']);
        const ana = w.record(await w.as('ana'), 'ana');
        const bo = w.record(await w.as('bo'), 'bo');
        const zo = w.record(await w.as('zo'), 'zo (outsider)');

        const { conversation, message } = await w.start(await w.as('ana'), [member('bo')], 'Hello Bo');
        const c = conversation.id;
        const forBo = await bo.waitFor(conversationAdded(c), 'conversation-added');
        await channel.settle([ana, bo, zo]);

        for (const [recorder, unreadCount] of [
          [ana, 0],
          [bo, 1],
        ] as const) {
          const added = recorder.matching(conversationAdded(c)).filter(isConversationAdded);
          assertEqual(added.length, 1, `${recorder.label}: conversation-added events`);
          assertEqual(
            added[0]!.message.id,
            message.id,
            `${recorder.label}: the event carries the first message`,
          );
          assertEqual(
            added[0]!.conversation.unreadCount,
            unreadCount,
            `${recorder.label}: the conversation as they see it`,
          );
          assertEqual(
            recorder.count((e) => e.type === 'message-added' && about(c)(e)),
            0,
            `${recorder.label}: a start is not also a message-added`,
          );
        }
        assertEqual(forBo.type, 'conversation-added', 'bo’s event');
        assertEqual(zo.count(about(c)), 0, 'zo: events about a conversation zo is not in');
      },
    );

    suite.test('a group’s members each get the group conversation’s events; others none', async (w) => {
      const channel = await markerChannel(w, 'cy', ['ana', 'bo', 'cy', 'ed', 'di']);
      const recorders = Object.fromEntries(
        await Promise.all(
          ['ana', 'bo', 'cy', 'ed', 'di'].map(async (id) => [id, w.record(await w.as(id), id)] as const),
        ),
      );
      const { conversation } = await w.start(await w.as('ed'), [group('translators')], 'Hello guild');
      const reply = await w.send(await w.as('cy'), conversation.id, 'Hello ed');
      await channel.settle(Object.values(recorders));
      for (const id of ['ana', 'bo', 'cy', 'ed']) {
        assertEqual(recorders[id]!.count(conversationAdded(conversation.id)), 1, `${id}: conversation-added`);
        assertEqual(recorders[id]!.count(messageAdded(reply.id)), 1, `${id}: message-added for cy’s reply`);
      }
      assertEqual(recorders.di!.count(about(conversation.id)), 0, 'di (another group’s manager): events');
    });

    suite.test(
      'message-added reaches every participant once, the sender too, as each sees it; no outsider',
      async (w) => {
        const { conversation } = await w.start(await w.as('ana'), [member('bo')], 'Hello Bo');
        const c = conversation.id;
        const channel = await markerChannel(w, 'bo', ['ana', 'bo', 'zo']);
        const ana = w.record(await w.as('ana'), 'ana');
        const bo = w.record(await w.as('bo'), 'bo');
        const zo = w.record(await w.as('zo'), 'zo (outsider)');

        const reply = await w.send(await w.as('bo'), c, 'Hi Ana');
        const event = (await ana.waitFor(
          messageAdded(reply.id),
          'message-added for bo’s reply',
        )) as MessageAddedEvent;
        await channel.settle([ana, bo, zo]);

        assertEqual(event.conversation.id, c, 'the event’s conversation');
        assertEqual(event.conversation.lastMessage?.id, reply.id, 'the conversation after the message');
        assertEqual(event.conversation.unreadCount, 1, 'ana’s unread count in the event');
        assertEqual(event.message.body, 'Hi Ana', 'the event’s message');
        assertEqual(ana.count(messageAdded(reply.id)), 1, 'ana: message-added events');
        assertEqual(bo.count(messageAdded(reply.id)), 1, 'bo (the sender): message-added events');
        assertEqual(
          ana.count(conversationAdded(c)) + bo.count(conversationAdded(c)),
          0,
          'no conversation-added for a reply',
        );
        assertEqual(zo.count(about(c)), 0, 'zo: events about a conversation zo is not in');
      },
    );

    suite.test(
      'starting again with the same participants is a message-added, not a second conversation',
      async (w) => {
        const { conversation } = await w.start(await w.as('ana'), [member('bo')], 'Hello Bo');
        const channel = await markerChannel(w, 'ana', ['ana', 'bo']);
        const bo = w.record(await w.as('bo'), 'bo');
        const again = await w.start(await w.as('ana'), [member('bo')], 'Hello again');
        assertEqual(again.conversation.id, conversation.id, 'the same conversation continues');
        await channel.settle([bo]);
        assertEqual(bo.count(messageAdded(again.message.id)), 1, 'bo: message-added for the new message');
        assertEqual(bo.count(conversationAdded(conversation.id)), 0, 'bo: no second conversation-added');
      },
    );

    suite.test('read-changed reaches the reader in every tab, once; nobody else', async (w) => {
      const { conversation, message } = await w.start(await w.as('ana'), members('bo'), 'Read me');
      const c = conversation.id;
      const channel = await markerChannel(w, 'bo', ['ana', 'bo']);
      const bo = w.record(await w.as('bo'), 'bo');
      const boOtherTab = w.record(await w.anotherTab('bo'), 'bo’s other tab');
      const ana = w.record(await w.as('ana'), 'ana');

      await (await w.as('bo')).markRead(c, message.id);
      const event = (await bo.waitFor(readChanged(c), 'read-changed')) as ReadChangedEvent;
      assertDeepEqual(
        { conversationId: event.conversationId, upTo: event.upTo, unreadCount: event.unreadCount },
        { conversationId: c, upTo: message.id, unreadCount: 0 },
        'the read-changed event',
      );
      await (await w.as('bo')).markRead(c, message.id);
      await channel.settle([bo, boOtherTab, ana]);
      assertEqual(
        bo.count(readChanged(c)),
        1,
        'bo: read-changed events (marking the same point again is no change)',
      );
      assertEqual(boOtherTab.count(readChanged(c)), 1, 'bo’s other tab: read-changed events');
      assertEqual(ana.count(readChanged(c)), 0, 'ana: read-changed events for bo’s reading');
    });

    suite.test(
      'settings-changed reaches the member’s subscribers in every tab, once; nobody else',
      async (w) => {
        const channel = await markerChannel(w, 'ana', ['ana', 'bo']);
        const ana = w.record(await w.as('ana'), 'ana');
        const anaOtherTab = w.record(await w.anotherTab('ana'), 'ana’s other tab');
        const bo = w.record(await w.as('bo'), 'bo');
        await (await w.as('ana')).updateSettings({ email: false });
        const event = (await anaOtherTab.waitFor(
          settingsChanged,
          'settings-changed',
        )) as SettingsChangedEvent;
        assertDeepEqual(event.settings, { inApp: true, email: false }, 'the event’s settings');
        await channel.settle([ana, anaOtherTab, bo]);
        assertEqual(ana.count(settingsChanged), 1, 'ana: settings-changed events');
        assertEqual(anaOtherTab.count(settingsChanged), 1, 'ana’s other tab: settings-changed events');
        assertEqual(bo.count(settingsChanged), 0, 'bo: settings-changed events for ana’s settings');
      },
    );

    suite.test('every subscriber gets each event once; none after unsubscribing', async (w) => {
      const { conversation } = await w.start(await w.as('ana'), [member('bo')], 'Hello Bo');
      const c = conversation.id;
      const channel = await markerChannel(w, 'bo', ['ana', 'bo']);
      const anaAdapter: ConversationsAdapter = await w.as('ana');
      const first = w.record(anaAdapter, 'ana’s first subscriber');
      const second = w.record(anaAdapter, 'ana’s second subscriber');
      const otherTab = w.record(await w.anotherTab('ana'), 'ana’s other tab');

      const one = await w.send(await w.as('bo'), c, 'One');
      await channel.settle([first, second, otherTab]);
      for (const recorder of [first, second, otherTab]) {
        assertEqual(recorder.count(messageAdded(one.id)), 1, `${recorder.label}: message-added events`);
      }

      first.stop();
      const heardBefore = first.events.length;
      const two = await w.send(await w.as('bo'), c, 'Two');
      await channel.settle([second, otherTab]);
      assertEqual(second.count(messageAdded(two.id)), 1, 'the remaining subscriber still hears');
      assertEqual(first.events.length, heardBefore, 'the unsubscribed listener hears nothing more');
    });

    suite.test('a retried start or send makes no further event', async (w) => {
      const channel = await markerChannel(w, 'ana', ['ana', 'bo']);
      const bo = w.record(await w.as('bo'), 'bo');
      const ana = await w.as('ana');
      const startId = newClientId();
      const started = await w.start(ana, [member('bo')], 'Once', { clientId: startId });
      await w.start(ana, [member('bo')], 'Once', { clientId: startId });
      const sendId = newClientId();
      const input = { conversationId: started.conversation.id, body: 'Once more', clientId: sendId };
      const sent = await ana.sendMessage(input);
      await ana.sendMessage(input);
      await channel.settle([bo]);
      assertEqual(
        bo.count(conversationAdded(started.conversation.id)),
        1,
        'conversation-added after two starts',
      );
      assertEqual(bo.count(messageAdded(started.message.id)), 0, 'no message-added for the retried start');
      assertEqual(bo.count(messageAdded(sent.id)), 1, 'message-added after two sends');
    });
  });
}
