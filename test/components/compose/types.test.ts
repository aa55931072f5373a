import { expect } from '@open-wc/testing';
import { ConvCompose } from '../../../src/components/compose/compose.js';
import { ConvContactButton } from '../../../src/components/contact-button/contact-button.js';
import { ConvConversationStartedEvent } from '../../../src/events/conversation-started.js';
import '../../../src/define/conv-compose.js';
import '../../../src/define/conv-contact-button.js';

// Compile-time checks of the public surface (tag map, event map), with runtime checks that the
// registrations behind them happened.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const tagMapCompose: Equal<HTMLElementTagNameMap['conv-compose'], ConvCompose> = true;
const tagMapContact: Equal<HTMLElementTagNameMap['conv-contact-button'], ConvContactButton> = true;
const eventMap: Equal<
  GlobalEventHandlersEventMap['conv-conversation-started'],
  ConvConversationStartedEvent
> = true;

describe('compose public types', () => {
  it('registers the tags with their classes', () => {
    expect([tagMapCompose, tagMapContact, eventMap]).to.deep.equal([true, true, true]);
    expect(document.createElement('conv-compose')).to.be.instanceOf(ConvCompose);
    expect(document.createElement('conv-contact-button')).to.be.instanceOf(ConvContactButton);
  });

  it('fires a bubbling, composed event that names the conversation', () => {
    const conversation = {
      id: 'c1',
      participants: [],
      startedBy: { kind: 'member', id: 'm1' },
      createdAt: 0,
      lastActivityAt: 0,
      unreadCount: 0,
    } as const;
    const message = {
      id: 'x1',
      conversationId: 'c1',
      clientId: 'client-0001',
      author: { kind: 'member', id: 'm1', name: 'Ada' },
      body: 'Hi',
      sentAt: 0,
    } as const;
    const event = new ConvConversationStartedEvent(conversation, message);
    expect([event.type, event.bubbles, event.composed, event.detail.conversationId]).to.deep.equal([
      'conv-conversation-started',
      true,
      true,
      'c1',
    ]);
  });
});
