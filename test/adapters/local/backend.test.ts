import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { createLocalAdapter, DEMO_VIEWER_ID, LocalBackend } from '../../../src/adapters/local/index.js';
import { NotFoundError, UnavailableError, ValidationError } from '../../../src/core/errors.js';
import type { DirectoryData } from '../../../src/core/types.js';
import { FIXTURE_DIRECTORY, freshBackend, uniqueDatabaseName } from '../../helpers/local-backend.js';
import { rejection } from '../../helpers/rejection.js';

/** Everything a demo viewer and the portal see, to compare before and after. */
async function portalState(backend: LocalBackend, viewers: readonly string[]): Promise<string> {
  const parts: unknown[] = [
    await backend.listMembers(),
    await backend.listGroups(),
    await backend.listEmails(),
  ];
  for (const viewer of viewers) {
    const adapter = backend.adapterFor(viewer);
    const page = await adapter.listConversations({ limit: 100 });
    parts.push(await adapter.getViewer(), page, await adapter.getUnreadSummary());
    for (const conversation of page.items)
      parts.push(await adapter.listMessages(conversation.id, { limit: 100 }));
    adapter.close();
  }
  return JSON.stringify(parts);
}

describe('LocalBackend', () => {
  const made: LocalBackend[] = [];
  const make = (name: string): LocalBackend => {
    const backend = new LocalBackend({ name });
    made.push(backend);
    return backend;
  };
  afterEach(async () => {
    for (const backend of made.splice(0)) await backend.destroy();
  });

  it('keeps everything across a reload (a new backend on the same database)', async () => {
    const first = await freshBackend();
    made.push(first);
    const ada = first.adapterFor('m1');
    const { conversation, message } = await ada.startConversation({
      recipients: [
        { kind: 'member', id: 'm2' },
        { kind: 'group', id: 'g2' },
      ],
      body: 'Still here after a reload?',
      clientId: 'reload-0001',
    });
    await first.adapterFor('m2').markRead(conversation.id, message.id);
    await ada.updateSettings({ email: false });
    await first.setGroupRole('g2', 'm7', 'member');
    const before = await portalState(first, ['m1', 'm2', 'm5', 'm7']);
    first.close();

    const reloaded = make(first.name);
    expect(await reloaded.isEmpty()).to.equal(false);
    expect(await portalState(reloaded, ['m1', 'm2', 'm5', 'm7'])).to.equal(before);
    expect(await reloaded.adapterFor('m1').getSettings()).to.deep.equal({ inApp: true, email: false });
    // The retry of a request sent before the reload is still recognised.
    const retry = await reloaded.adapterFor('m1').startConversation({
      recipients: [
        { kind: 'member', id: 'm2' },
        { kind: 'group', id: 'g2' },
      ],
      body: 'Still here after a reload?',
      clientId: 'reload-0001',
    });
    expect(retry.message.id).to.equal(message.id);
  });

  it('seedDemo loads the demo portal once, only into an empty directory', async () => {
    const name = uniqueDatabaseName();
    const tab1 = make(name);
    const tab2 = make(name);
    expect(await tab1.isEmpty()).to.equal(true);
    // Two tabs seeding at the same moment, and again later: one portal.
    await Promise.all([tab1.seedDemo(), tab2.seedDemo(), tab1.seedDemo()]);
    const members = await tab1.listMembers();
    const groups = await tab1.listGroups();
    expect(members.length).to.be.within(25, 40);
    expect(groups).to.have.length(5);
    expect(members.some((m) => /[\u0590-\u05FF]/.test(m.name))).to.equal(true, 'a Hebrew name');
    expect(members.some((m) => /[\u0600-\u06FF]/.test(m.name))).to.equal(true, 'an Arabic or Persian name');
    expect(members.some((m) => m.name.length > 40)).to.equal(true, 'a long name');
    expect([...members, ...groups].every((party) => party.avatarUrl === undefined)).to.equal(true);

    const viewer = await tab1.adapterFor(DEMO_VIEWER_ID).getViewer();
    expect(viewer.managedGroups.length).to.be.greaterThan(0);
    for (const group of groups) {
      // Every group has a manager: someone can try acting as each of them.
      const managers = [];
      for (const member of members) {
        const seen = await tab1.adapterFor(member.id).getViewer();
        if (seen.managedGroups.some((g) => g.id === group.id)) managers.push(member.id);
      }
      expect(managers.length, group.name).to.be.greaterThan(0);
    }
    const inbox = await tab1.adapterFor(DEMO_VIEWER_ID).listConversations();
    expect(inbox.items.length).to.be.greaterThan(2);
    expect((await tab1.adapterFor(DEMO_VIEWER_ID).getUnreadSummary()).total).to.be.greaterThan(0);

    const state = await portalState(tab1, [DEMO_VIEWER_ID, 'layla-hosseini']);
    await tab2.seedDemo();
    await make(name).seedDemo();
    expect(await portalState(tab1, [DEMO_VIEWER_ID, 'layla-hosseini'])).to.equal(state);
  });

  it('seedDemo leaves a portal with a directory alone', async () => {
    const backend = await freshBackend();
    made.push(backend);
    await backend.seedDemo();
    expect((await backend.listMembers()).map((m) => m.id).sort()).to.deep.equal(
      FIXTURE_DIRECTORY.members.map((m) => m.id).sort(),
    );
  });

  it('loadDirectory replaces what it lists and keeps the rest', async () => {
    const backend = await freshBackend();
    made.push(backend);
    const { conversation } = await backend
      .adapterFor('m1')
      .startConversation({ recipients: [{ kind: 'member', id: 'm2' }], body: 'Hi', clientId: 'rename-0001' });
    await backend.loadDirectory({
      members: [
        { id: 'm2', name: 'Rear Admiral Grace Hopper' },
        { id: 'm13', name: 'New Member' },
      ],
      groups: [{ id: 'g1', name: 'Docs', managers: ['m13'], members: ['m2'] }],
    });
    expect((await backend.listMembers()).map((m) => m.id)).to.include.members(['m1', 'm12', 'm13']);
    const seen = await backend.adapterFor('m1').getConversation(conversation.id);
    expect(seen.participants[1]!.name).to.equal('Rear Admiral Grace Hopper');
    // g1 now has exactly the listed people: m1 and m3 are out, m13 manages it.
    expect((await backend.adapterFor('m1').getViewer()).groups).to.deep.equal([]);
    expect((await backend.adapterFor('m13').getViewer()).managedGroups.map((g) => g.name)).to.deep.equal([
      'Docs',
    ]);
    expect((await backend.adapterFor('m2').getViewer()).groups.map((g) => g.id)).to.deep.equal(['g1']);
  });

  it('a rename made in another tab shows here at once, and a recreated database shows no old names', async () => {
    const here = await freshBackend();
    made.push(here);
    const there = make(here.name);
    const ada = here.adapterFor('m1');
    const { conversation } = await ada.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Names?',
      clientId: 'names-0001',
    });
    expect((await ada.getConversation(conversation.id)).participants[1]!.name).to.equal('Grace Hopper');
    expect(await ada.searchDirectory('brewster')).to.deep.equal([]);
    await there.loadDirectory({ members: [{ id: 'm2', name: 'Grace Brewster Hopper' }], groups: [] });
    expect((await ada.searchDirectory('brewster')).map((p) => p.id)).to.deep.equal(['m2']);
    expect((await ada.getConversation(conversation.id)).participants[1]!.name).to.equal(
      'Grace Brewster Hopper',
    );
    expect((await ada.listMessages(conversation.id)).items[0]!.author.name).to.equal('Ada Lovelace');

    // Another tab resets the portal and loads other people under the same ids.
    await there.destroy();
    const reset = make(here.name);
    await reset.loadDirectory({
      members: [
        { id: 'm1', name: 'Someone Else' },
        { id: 'm2', name: 'Another Person' },
      ],
      groups: [],
    });
    const again = await ada.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Who are you?',
      clientId: 'names-0002',
    });
    expect(again.conversation.participants.map((p) => p.name)).to.deep.equal([
      'Someone Else',
      'Another Person',
    ]);
  });

  it('loadDirectory refuses bad data with a readable reason and stores nothing', async () => {
    const backend = await freshBackend();
    made.push(backend);
    const before = await portalState(backend, ['m1', 'm4']);
    const bad: unknown[] = [
      null,
      { members: [] },
      { members: [{ id: '', name: 'No id' }], groups: [] },
      { members: [{ id: 'x1', name: '   ' }], groups: [] },
      {
        members: [
          { id: 'x1', name: 'A' },
          { id: 'x1', name: 'B' },
        ],
        groups: [],
      },
      { members: [{ id: 'x1', name: 'Evil', profileUrl: 'javascript:alert(1)' }], groups: [] },
      {
        members: [{ id: 'x1', name: 'A' }],
        groups: [{ id: 'g9', name: 'G', managers: ['ghost'], members: [] }],
      },
      { members: [{ id: 'x1', name: 'A' }], groups: [{ id: 'g9', name: 'G', managers: 'x1', members: [] }] },
    ];
    for (const data of bad) {
      const error = await rejection(backend.loadDirectory(data as DirectoryData));
      expect(error, JSON.stringify(data)).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).message).to.match(/\w{3}/);
    }
    expect(await portalState(backend, ['m1', 'm4'])).to.equal(before);
  });

  it('setGroupRole refuses unknown groups and members and nonsense roles', async () => {
    const backend = await freshBackend();
    made.push(backend);
    expect(await rejection(backend.setGroupRole('g9', 'm1', 'member'))).to.be.instanceOf(NotFoundError);
    expect(await rejection(backend.setGroupRole('g1', 'm99', 'member'))).to.be.instanceOf(NotFoundError);
    expect(await rejection(backend.setGroupRole('g1', 'm4', 'owner' as never))).to.be.instanceOf(
      ValidationError,
    );
    expect((await backend.adapterFor('m4').getViewer()).groups.map((g) => g.id)).to.deep.equal(['g2']);
  });

  it('destroy is not blocked by another tab, which then finds an empty portal', async () => {
    const backend = await freshBackend();
    const other = make(backend.name);
    expect(await other.isEmpty()).to.equal(false);
    await backend.destroy();
    expect(await other.isEmpty()).to.equal(true);
  });

  it('createLocalAdapter seeds before the first request; closing the adapter closes its backend', async () => {
    const name = uniqueDatabaseName();
    const adapter = createLocalAdapter({
      name,
      viewer: 'm1',
      seed: FIXTURE_DIRECTORY,
      policy: { maxInvitees: 3 },
    });
    expect((await adapter.getViewer()).member.name).to.equal('Ada Lovelace');
    expect((await adapter.getPolicy()).maxInvitees).to.equal(3);
    adapter.close();
    expect(await rejection(adapter.getViewer())).to.be.instanceOf(UnavailableError);
    await deleteDB(name);

    const demo = createLocalAdapter({ name, viewer: DEMO_VIEWER_ID, seed: 'demo' });
    try {
      expect((await demo.listConversations()).items.length).to.be.greaterThan(0);
    } finally {
      demo.close();
      await deleteDB(name);
    }
  });

  it('refuses a bad database name or policy when made', () => {
    expect(() => new LocalBackend({ name: '' })).to.throw(RangeError);
    expect(() => new LocalBackend({ policy: { maxMessageLength: 0 } })).to.throw(RangeError);
  });
});
