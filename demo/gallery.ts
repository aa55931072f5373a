/**
 * The gallery of states. Each state is real: a `LocalBackend` with its own database holding just
 * what the state needs, or an adapter wrapped to be slow (loading), failing (error) or offline.
 * Each inbox gets its own client with a cache of its own; the caches of the loading, error and
 * offline states are deleted on every visit so they show the state, not last visit's cache.
 */
import '../src/define/bundle-all.js';
import { html, render, type TemplateResult } from 'lit';
import type { ConversationsAdapter } from '../src/adapter/adapter.js';
import { LocalBackend } from '../src/adapters/local/index.js';
import { ConversationsClient } from '../src/client/conversations-client.js';
import { UnavailableError } from '../src/core/errors.js';
import { createClientId } from '../src/core/ids.js';
import type { DirectoryData, PartyRef } from '../src/core/types.js';
import { mountThemePanel } from './theme.js';

mountThemePanel(document.querySelector<HTMLElement>('#theme')!);

const VIEWER = 'amara';
const LONG_NAME = 'Hubert Blaine Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh';
const LONG_GROUP = 'Association of Neighbourhood Allotment Gardeners, Beekeepers and Compost Enthusiasts';

const DIRECTORY: DirectoryData = {
  members: [
    { id: VIEWER, name: 'Amara Okafor' },
    { id: 'layla', name: 'ليلى الحسيني' },
    { id: 'jurgen', name: 'Jürgen Groß' },
    { id: 'noa', name: 'נועה לוי' },
    { id: 'siddharth', name: 'Siddharth Venkataraman Iyer' },
    { id: 'emma', name: 'Emma Johansson' },
    { id: 'kim', name: '김민준' },
    { id: 'anastasia', name: 'Анастасия Кузнецова' },
    { id: 'wanjiru', name: 'Wanjiru Kamau' },
    { id: 'jose', name: 'José Ángel Muñoz' },
    { id: 'oluwaseun', name: 'Oluwaseun Adebayo-Okonkwo' },
    { id: 'hubert', name: LONG_NAME },
    { id: 'maria', name: 'Maria Fernanda Gonçalves de Albuquerque e Silva' },
  ],
  groups: [
    { id: 'translators', name: 'Translators', managers: ['jurgen'], members: [VIEWER, 'layla', 'noa'] },
    { id: 'gardeners', name: LONG_GROUP, managers: ['maria'], members: ['hubert'] },
  ],
};

const member = (id: string): PartyRef => ({ kind: 'member', id });

/** A message of exactly 1,000 characters (the default limit), in sentences a person might write. */
function thousandCharacters(): string {
  const sentence =
    'Here is everything about the allotment rota for spring, so nobody has to ask twice later on. ';
  let text = '';
  while ([...text].length < 1000) text += sentence;
  return [...text].slice(0, 999).join('') + '.';
}

interface State {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  /** Fills the state's backend the first time (its database is empty). */
  readonly fill?: (backend: LocalBackend) => Promise<void>;
  /** Wraps the viewer's adapter; the wrapper's controls show under the inbox. */
  readonly wrap?: (adapter: ConversationsAdapter, client: () => ConversationsClient) => Wrapped;
  /** Opens the first conversation, to show the thread. */
  readonly open?: boolean;
  /** Who views the state (default Amara). */
  readonly viewer?: string;
}

interface Wrapped {
  readonly adapter: ConversationsAdapter;
  readonly controls?: () => TemplateResult;
  /** Runs once the inbox shows. */
  readonly after?: (inbox: HTMLElement) => Promise<void>;
}

async function say(
  backend: LocalBackend,
  from: string,
  recipients: PartyRef[],
  bodies: string[],
  asGroup?: string,
) {
  const { conversation } = await backend.adapterFor(from).startConversation({
    recipients,
    body: bodies[0]!,
    clientId: createClientId(),
    ...(asGroup ? { asGroup } : {}),
  });
  for (const body of bodies.slice(1)) {
    await backend
      .adapterFor(from)
      .sendMessage({ conversationId: conversation.id, body, clientId: createClientId() });
  }
  return conversation;
}

async function everyday(backend: LocalBackend) {
  const c = await say(backend, 'jurgen', [member(VIEWER)], ['Are you coming to the meetup on Thursday?']);
  await backend.adapterFor(VIEWER).sendMessage({
    conversationId: c.id,
    body: 'Yes! I will bring the projector.',
    clientId: createClientId(),
  });
  await say(backend, 'layla', [member(VIEWER), member('noa')], ['مرحبا! هل راجعتما الترجمة؟']);
}

/** Calls pass through only once `release()` is called: a backend that is slow to answer. */
function gated(adapter: ConversationsAdapter, onRelease: () => void): Wrapped & { release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    adapter: passThrough(adapter, () => gate),
    release: () => {
      release();
      onRelease();
    },
  };
}

/** An adapter whose I/O methods first wait for `before()`; events and close pass straight through. */
function passThrough(adapter: ConversationsAdapter, before: () => Promise<void>): ConversationsAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'subscribe' || property === 'close') return value.bind(target);
      return async (...args: unknown[]) => {
        await before();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const STATES: readonly State[] = [
  {
    key: 'empty',
    title: 'Empty inbox',
    description: 'A member who has no conversation yet.',
  },
  {
    key: 'loading',
    title: 'Loading',
    description: 'The backend has not answered yet (it answers when you press the button).',
    fill: everyday,
    wrap: (adapter) => {
      let done = false;
      const wrapped = gated(adapter, () => (done = true));
      return {
        adapter: wrapped.adapter,
        controls: () =>
          html`<button type="button" ?disabled=${done} @click=${wrapped.release}>
            Let the backend answer
          </button>`,
      };
    },
  },
  {
    key: 'error',
    title: 'Error',
    description: 'The backend answers every request with an error (HTTP 503 from a server, say).',
    fill: everyday,
    wrap: (adapter) => ({
      adapter: passThrough(adapter, () =>
        Promise.reject(new UnavailableError('The conversation service answered 503 Service Unavailable.')),
      ),
    }),
  },
  {
    key: 'offline',
    title: 'Offline, with queued messages',
    description:
      'The member wrote two messages after the connection dropped: they wait in the outbox (IndexedDB) and go out, once and in order, on reconnection.',
    fill: async (backend) => {
      await say(backend, 'jurgen', [member(VIEWER)], ['Can you send me the room booking before you leave?']);
    },
    open: true,
    wrap: (adapter, client) => {
      let online = true;
      const wrapped = passThrough(adapter, () =>
        online ? Promise.resolve() : Promise.reject(new UnavailableError('You are offline.')),
      );
      return {
        adapter: wrapped,
        controls: () =>
          html`<button
            type="button"
            @click=${(event: Event) => {
              online = true;
              (event.target as HTMLButtonElement).disabled = true;
              // What the browser's `online` event does for a real connection.
              void client().refresh();
              window.dispatchEvent(new Event('online'));
            }}
          >
            Reconnect
          </button>`,
        after: async (inbox) => {
          const id = inbox.getAttribute('conversation')!;
          await waitFor(() => client().thread(id).value.status === 'ready');
          online = false;
          await Promise.all([
            client().send(id, 'Sorry, the train Wi-Fi dropped. Booking reference is R-2217.'),
            client().send(id, 'Room 3, Thursday 18:00 to 21:00.'),
          ]).catch(() => undefined);
        },
      };
    },
  },
  {
    key: 'long-names',
    title: 'Very long names',
    description: 'A member and a group whose names do not fit, in a conversation together.',
    open: true,
    fill: async (backend) => {
      await say(
        backend,
        'hubert',
        [member(VIEWER), { kind: 'group', id: 'gardeners' }],
        ['Hello from the allotments! Shall we share the new water butts?'],
      );
    },
  },
  {
    key: 'long-message',
    title: 'A 1,000-character message',
    description: 'The longest message the portal allows.',
    open: true,
    fill: async (backend) => {
      await say(backend, 'oluwaseun', [member(VIEWER)], [thousandCharacters()]);
    },
  },
  {
    key: 'nine',
    title: 'Nine recipients',
    description: 'A conversation started with the most invitees allowed: nine, plus its starter.',
    open: true,
    fill: async (backend) => {
      const nine = ['layla', 'jurgen', 'noa', 'siddharth', 'emma', 'kim', 'anastasia', 'wanjiru', 'jose'];
      await say(backend, VIEWER, nine.map(member), ['Welcome, new moderators! Introductions below, please.']);
    },
  },
  {
    key: 'group',
    title: 'A group conversation',
    description: 'A member wrote to the Translators group; its manager answers for the group.',
    open: true,
    fill: async (backend) => {
      const c = await say(
        backend,
        'siddharth',
        [{ kind: 'group', id: 'translators' }],
        ['Could the translators look at the Tamil glossary?'],
      );
      await backend.adapterFor('jurgen').sendMessage({
        conversationId: c.id,
        body: 'Of course. Layla and Noa will pick it up this week.',
        clientId: createClientId(),
        asGroup: 'translators',
      });
    },
  },
  {
    key: 'not-accepting',
    title: 'A member who accepts only members they follow',
    description:
      'Noa chose “only members I follow”, and does not follow Amara: their conversation stays readable, and the reply box gives way to the reason.',
    open: true,
    fill: async (backend) => {
      await say(backend, 'noa', [member(VIEWER)], ['Thanks for the notes from Tuesday.']);
      await backend.adapterFor('noa').updateSettings({ acceptFrom: 'followed' });
    },
  },
  {
    key: 'member-block',
    title: 'A member the viewer blocked',
    description:
      'Amara blocked Layla: she sees no new message from her and can unblock her from the thread. Layla is never told.',
    open: true,
    fill: async (backend) => {
      await say(backend, 'layla', [member(VIEWER)], ['Are you coming to the meeting?', 'Hello??']);
      await backend.adapterFor(VIEWER).blockMember('layla');
    },
  },
  {
    key: 'seen-left-muted',
    title: 'Seen by, someone left, muted',
    description:
      'Amara’s newest message was read by two of the others; José left the conversation; Amara muted it, so it brings no notification and no gold envelope.',
    open: true,
    fill: async (backend) => {
      const c = await say(backend, VIEWER, ['emma', 'jose', 'wanjiru'].map(member), [
        'Who can help at the stall on Saturday?',
      ]);
      await say(backend, 'emma', [member(VIEWER), member('jose'), member('wanjiru')], ['I can, from ten.']);
      await backend.adapterFor(VIEWER).sendMessage({
        conversationId: c.id,
        body: 'Great, thank you! Wanjiru?',
        clientId: createClientId(),
      });
      await backend.adapterFor('jose').leaveConversation!(c.id);
      for (const reader of ['emma', 'wanjiru']) {
        const { items } = await backend.adapterFor(reader).listMessages(c.id);
        await backend.adapterFor(reader).markRead(c.id, items.at(-1)!.id);
      }
      await backend.adapterFor(VIEWER).setMuted!(c.id, true);
    },
  },
  {
    key: 'blocked-member',
    title: 'A member the moderators blocked',
    description:
      'Jürgen was blocked by the portal’s moderators: his name and picture are hidden, and nothing can be sent to him until he is unblocked.',
    open: true,
    fill: async (backend) => {
      await say(backend, 'jurgen', [member(VIEWER)], ['Buy cheap watches at my site!']);
      await backend.blockMember('jurgen');
    },
  },
  {
    key: 'deleted-member',
    title: 'A deleted member',
    description:
      'Kim deleted their account and asked for their messages to be erased: they read as “Deleted member”, each message as “Message deleted”, and with nobody else left the reply box says why.',
    open: true,
    fill: async (backend) => {
      await say(backend, 'kim', [member(VIEWER)], ['Thanks for the help with the form.', 'See you!']);
      await backend.deleteMember('kim', { eraseMessages: true });
    },
  },
  {
    key: 'group-filter',
    title: 'My groups, read by managers only',
    description:
      'Maria manages the gardeners, whose conversations only its managers read: the list says which group each conversation is for, and “My groups” filters it, with unread per group.',
    viewer: 'maria',
    fill: async (backend) => {
      await backend.setGroupReaders('gardeners', 'managers');
      await say(backend, 'wanjiru', [{ kind: 'group', id: 'gardeners' }], ['Can I have a plot this year?']);
      await say(backend, 'emma', [member('maria')], ['Lunch on Friday?']);
    },
  },
];

function waitFor(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : requestAnimationFrame(check));
    check();
  });
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

async function mount(state: State, container: HTMLElement) {
  const name = `conv-demo-state-${state.key}`;
  // The wrapped states (loading, error, offline) start from their fill on every visit, as their
  // caches do: offline queues two messages each time, and last visit's, delivered on
  // reconnection, would read as duplicates.
  if (state.wrap) await deleteDatabase(name);
  const backend = new LocalBackend({ name });
  if (await backend.isEmpty()) {
    await backend.loadDirectory(DIRECTORY);
    await state.fill?.(backend);
  }
  const cacheName = `conv-demo-state-cache-${state.key}`;
  if (state.wrap) await deleteDatabase(cacheName);
  // The wrappers call `client` only once it exists (after the first render).
  const wrapped: Wrapped | undefined = state.wrap?.(backend.adapterFor(state.viewer ?? VIEWER), () => client);
  const client: ConversationsClient = new ConversationsClient(
    wrapped?.adapter ?? backend.adapterFor(state.viewer ?? VIEWER),
    {
      cacheName,
      viewerId: state.viewer ?? VIEWER,
    },
  );
  const draw = () =>
    render(
      html`<conv-provider .client=${client}><conv-inbox></conv-inbox></conv-provider>
        ${wrapped?.controls ? html`<p class="state-controls" @click=${() => queueMicrotask(draw)}>${wrapped.controls()}</p>` : ''}`,
      container,
    );
  draw();
  const inbox = container.querySelector('conv-inbox')!;
  if (state.open) {
    const conversations = await backend.adapterFor(state.viewer ?? VIEWER).listConversations({ limit: 1 });
    const first = conversations.items[0];
    if (first) inbox.setAttribute('conversation', first.id);
  }
  await wrapped?.after?.(inbox);
  container.dataset.ready = '';
}

const index = document.querySelector('#state-index')!;
const states = document.querySelector('#states')!;
render(
  html`${STATES.map((state) => html`<li><a href="#state-${state.key}">${state.title}</a></li>`)}`,
  index as HTMLElement,
);
render(
  html`${STATES.map(
    (state) =>
      html`<section class="state card" id="state-${state.key}" aria-labelledby="state-${state.key}-title">
        <h2 id="state-${state.key}-title">${state.title}</h2>
        <p class="hint">${state.description}</p>
        <div class="state-body" data-state=${state.key}></div>
      </section>`,
  )}`,
  states as HTMLElement,
);
await Promise.all(
  STATES.map((state) =>
    mount(state, states.querySelector<HTMLElement>(`[data-state="${state.key}"]`)!).catch(
      (error: unknown) => {
        console.error(`The "${state.title}" state could not be set up.`, error);
      },
    ),
  ),
);
document.body.dataset.ready = '';
