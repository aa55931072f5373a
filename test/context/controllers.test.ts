import { expect, html, waitUntil } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import '../../src/define/conv-provider.js';
import type { ConvProvider } from '../../src/components/provider/provider.js';
import { clientFor as clientOver, disposeClients } from '../helpers/clients.js';
import { freshBackend } from '../helpers/local-backend.js';
import { text, type TestList, type TestUnread, mount, unmountAll } from './elements.js';

describe('controllers', () => {
  let backend: LocalBackend;
  const clientFor = (member: string) => clientOver(backend, member);

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    unmountAll();
    await disposeClients();
    await backend.destroy();
  });

  it('give an element the viewer, policy, unread total, list, thread and settings in one line each', async () => {
    const { conversation } = await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello Ada',
      clientId: 'ctrl-00001',
    });
    const provider = mount<ConvProvider>(html`
      <conv-provider .client=${clientFor('m1')}>
        <test-viewer></test-viewer>
        <test-unread></test-unread>
        <test-list></test-list>
        <test-thread .conversationId=${conversation.id}></test-thread>
        <test-settings></test-settings>
      </conv-provider>
    `);
    const [viewer, unread, list, thread, settings] = [...provider.children];
    await waitUntil(() => text(viewer!) === 'Ada Lovelace:1000', 'viewer and policy');
    await waitUntil(() => text(unread!) === '1', 'unread total');
    await waitUntil(() => text(list!) === 'ready:Hello Ada', 'list');
    await waitUntil(() => text(settings!) === 'ready:true/true', 'settings');
    await waitUntil(() => text(thread!) === 'ready:Hello Ada', 'thread');
  });

  it('follow a thread as its id changes, and show an idle thread without one', async () => {
    const m2 = backend.adapterFor('m2');
    const first = await m2.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'First',
      clientId: 'ctrl-first',
    });
    const second = await m2.startConversation({
      recipients: [
        { kind: 'member', id: 'm3' },
        { kind: 'member', id: 'm1' },
      ],
      body: 'Second',
      clientId: 'ctrl-secnd',
    });
    const provider = mount<ConvProvider>(html`
      <conv-provider .client=${clientFor('m1')}><test-thread></test-thread></conv-provider>
    `);
    const thread = provider.querySelector('test-thread')!;
    await thread.updateComplete;
    expect(text(thread)).to.equal('idle:');
    thread.conversationId = first.conversation.id;
    await waitUntil(() => text(thread) === 'ready:First');
    thread.conversationId = second.conversation.id;
    await waitUntil(() => text(thread) === 'ready:Second');
    thread.conversationId = undefined;
    await waitUntil(() => text(thread) === 'idle:');
  });

  it('two providers as two members on one page: one sends, the other’s total rises; it reads, it falls', async () => {
    const root = mount(html`
      <div>
        <conv-provider .client=${clientFor('m1')}><test-unread id="m1"></test-unread></conv-provider>
        <conv-provider .client=${clientFor('m2')}><test-unread id="m2"></test-unread></conv-provider>
      </div>
    `);
    const ada = root.querySelector<TestUnread>('#m1')!;
    const grace = root.querySelector<TestUnread>('#m2')!;
    await waitUntil(() => ada.unread.client && grace.unread.client);
    expect(ada.unread.client).to.not.equal(grace.unread.client);
    await waitUntil(() => text(grace) === '0');

    const { conversation } = await ada.unread.client!.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'One',
    });
    await ada.unread.client!.send(conversation.id, 'Two');
    await waitUntil(() => text(grace) === '2', 'Grace’s total rising');
    expect(text(ada)).to.equal('0');

    await grace.unread.client!.markRead(conversation.id);
    await waitUntil(() => text(grace) === '0', 'Grace’s total falling');
  });

  it('stop updating an element once it leaves the page', async () => {
    const client = clientFor('m1');
    const root = mount(html`
      <conv-provider .client=${client}
        ><test-unread id="a"></test-unread><test-unread id="b"></test-unread
      ></conv-provider>
    `);
    const a = root.querySelector<TestUnread>('#a')!;
    const b = root.querySelector<TestUnread>('#b')!;
    await waitUntil(() => a.unread.client !== undefined && text(a) === '0');
    a.remove();
    const rendersWhenRemoved = a.renders;
    await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Ping',
      clientId: 'ctrl-leak1',
    });
    await waitUntil(() => text(b) === '1');
    expect(a.renders).to.equal(rendersWhenRemoved);

    // Back on the page, it catches up.
    root.append(a);
    await waitUntil(() => text(a) === '1');
  });

  it('follow the provider when it swaps the client', async () => {
    const provider = mount<ConvProvider>(html`
      <conv-provider .client=${clientFor('m1')}><test-list></test-list></conv-provider>
    `);
    const list = provider.querySelector<TestList>('test-list')!;
    await waitUntil(() => text(list) === 'ready:');
    await backend.adapterFor('m3').startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'For Grace',
      clientId: 'ctrl-swap1',
    });
    provider.client = clientFor('m2');
    await waitUntil(() => text(list) === 'ready:For Grace');
    provider.client = undefined;
    await waitUntil(() => text(list) === 'idle:');
    expect(list.list.client).to.equal(undefined);
  });
});
