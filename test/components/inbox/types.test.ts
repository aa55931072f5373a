/**
 * The public surface of the inbox's elements, checked by the type checker (`tsc` fails when a
 * map entry resolves to the wrong class) and in the browser (the tags make these classes).
 */
import { expect } from '@open-wc/testing';
import '../../../src/define/conv-inbox.js';
import { ConvInbox } from '../../../src/components/inbox/inbox.js';
import { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import { ConvThread } from '../../../src/components/thread/thread.js';
import { ConvConversationSelectEvent } from '../../../src/events/conversation-select.js';
import { ConvStartConversationRequestEvent } from '../../../src/events/start-conversation-request.js';
import { ConvReportEvent } from '../../../src/events/report.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const typeChecks: [
  Equal<HTMLElementTagNameMap['conv-inbox'], ConvInbox>,
  Equal<HTMLElementTagNameMap['conv-conversation-list'], ConvConversationList>,
  Equal<HTMLElementTagNameMap['conv-thread'], ConvThread>,
  Equal<GlobalEventHandlersEventMap['conv-conversation-select'], ConvConversationSelectEvent>,
  Equal<GlobalEventHandlersEventMap['conv-start-conversation-request'], ConvStartConversationRequestEvent>,
  Equal<GlobalEventHandlersEventMap['conv-report'], ConvReportEvent>,
  Equal<ConvConversationSelectEvent['detail']['conversationId'], string>,
] = [true, true, true, true, true, true, true];

describe('inbox public surface', () => {
  it('registers the three tags with their classes', () => {
    expect(typeChecks).to.have.length(7);
    expect(document.createElement('conv-inbox')).to.be.instanceOf(ConvInbox);
    expect(document.createElement('conv-conversation-list')).to.be.instanceOf(ConvConversationList);
    expect(document.createElement('conv-thread')).to.be.instanceOf(ConvThread);
  });

  it('makes events that bubble out of shadow roots', () => {
    for (const event of [
      new ConvConversationSelectEvent('c1'),
      new ConvStartConversationRequestEvent(),
      new ConvReportEvent('r1', { kind: 'conversation', conversationId: 'c1' }),
    ]) {
      expect(event.bubbles && event.composed, event.type).to.equal(true);
    }
    expect(new ConvStartConversationRequestEvent().cancelable).to.equal(true);
  });
});
