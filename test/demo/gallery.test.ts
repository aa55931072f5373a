/**
 * The demo's gallery of states (demo/gallery.html), loaded as a designer opens it, in a frame tall
 * enough that every state is on screen (the lists are virtualized and draw only what is seen).
 * Each state must really be what its title says. Also the theme panel's reading of the URL.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { themeFromUrl, themeProperties } from '../../demo/theme.js';

function shadowText(root: Element | null | undefined, selector: string): string {
  const node = root?.shadowRoot?.querySelector(selector);
  return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('demo gallery of states', () => {
  let frame: HTMLIFrameElement;

  before(async () => {
    frame = document.createElement('iframe');
    frame.style.inlineSize = '1200px';
    frame.style.blockSize = '6000px';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = '/demo/gallery.html';
    document.body.append(frame);
    await loaded;
    await waitUntil(
      () => frame.contentDocument!.body.dataset.ready !== undefined,
      'the gallery never got ready',
      {
        timeout: 15_000,
      },
    );
  });

  after(async () => {
    frame.remove();
    // The gallery's backends and caches, in this test page's own browser context.
    const names = (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .filter((n) => n.startsWith('conv-demo-state'));
    await Promise.all(
      names.map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = request.onerror = () => resolve();
          }),
      ),
    );
  });

  function state(key: string) {
    const body = frame.contentDocument!.querySelector(`[data-state="${key}"]`)!;
    const inbox = body.querySelector('conv-inbox')!;
    const list = inbox.shadowRoot!.querySelector('conv-conversation-list')!;
    const thread = inbox.shadowRoot!.querySelector('conv-thread')!;
    return {
      body,
      list: () => list.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim(),
      rows: () => list.shadowRoot!.querySelectorAll('[part~="row"]').length,
      messages: () => [...thread.shadowRoot!.querySelectorAll('[part~="message"]')],
      title: () => shadowText(thread, '[part="title"]'),
    };
  }

  it('shows an empty inbox', async () => {
    await waitUntil(() => state('empty').list().includes('No conversations yet.'), 'not empty');
  });

  it('stays loading until the backend answers, then lists', async () => {
    const loading = state('loading');
    expect(loading.list()).to.include('Loading');
    expect(loading.rows()).to.equal(0);
    loading.body.querySelector<HTMLButtonElement>('.state-controls button')!.click();
    await waitUntil(() => loading.rows() === 2, 'the conversations never arrived');
  });

  it('shows the error the backend answers with, and a way to try again', async () => {
    const error = state('error');
    await waitUntil(() => error.list().includes('could not be loaded'), 'no error shown');
    expect(error.list()).to.include('503');
  });

  it('holds two queued messages while offline and delivers them on reconnection', async () => {
    const offline = state('offline');
    const pending = () => offline.messages().filter((m) => m.classList.contains('pending'));
    await waitUntil(
      () => pending().length === 2 && pending().every((m) => m.textContent!.includes('Not sent yet')),
      'the two queued messages are not shown as waiting',
      { timeout: 10_000 },
    );
    offline.body.querySelector<HTMLButtonElement>('.state-controls button')!.click();
    await waitUntil(() => pending().length === 0 && offline.messages().length === 3, 'not delivered', {
      timeout: 10_000,
    });
  });

  it('shows very long names, a 1,000-character message, nine recipients and a group', async () => {
    await waitUntil(
      () => state('long-names').title().includes('Wolfeschlegelsteinhausenbergerdorff'),
      'long',
    );
    await waitUntil(() => state('long-message').messages().length === 1, 'no long message');
    const body = state('long-message').messages()[0]!.querySelector('[part="body"]')!.textContent!;
    expect([...body].length).to.equal(1000);
    await waitUntil(() => state('nine').title().includes('José Ángel Muñoz'), 'no nine recipients');
    const names = state('nine').title();
    for (const name of ['Jürgen Groß', 'Emma Johansson', 'Wanjiru Kamau', '김민준'])
      expect(names).to.include(name);
    await waitUntil(() => state('group').messages().length === 2, 'no group conversation');
    expect(state('group').title()).to.include('Translators');
    expect(state('group').messages()[1]!.textContent).to.include('Jürgen Groß for Translators');
  });

  it('shows who accepts only members they follow, a member the viewer blocked, and Seen by, left, muted', async () => {
    const thread = (key: string) =>
      state(key).body.querySelector('conv-inbox')!.shadowRoot!.querySelector('conv-thread')!.shadowRoot!;
    await waitUntil(
      () => thread('not-accepting').querySelector('[part="not-accepting"]') !== null,
      'the reason never replaced the reply box',
    );
    expect(thread('not-accepting').querySelector('[part="not-accepting"]')!.textContent).to.include(
      'does not accept messages from you',
    );
    expect(thread('not-accepting').querySelector('textarea')).to.equal(null);
    expect(state('not-accepting').messages()).to.have.length(1);

    await waitUntil(
      () => thread('member-block').querySelector('[part="block-button"]')?.textContent?.includes('Unblock'),
      'no Unblock in the blocked member’s thread',
    );
    expect(state('member-block').messages()).to.have.length(2);

    const presence = state('seen-left-muted');
    await waitUntil(
      () =>
        thread('seen-left-muted')
          .querySelector('[part="system"]')
          ?.textContent?.includes('José Ángel Muñoz left the conversation'),
      'no "left" entry',
    );
    await waitUntil(
      () => thread('seen-left-muted').textContent!.includes('Seen by Emma Johansson and Wanjiru Kamau'),
      'no "Seen by" under the newest own message',
    );
    expect(presence.list()).to.include('Muted');
  });
});

describe('demo theme panel: the URL', () => {
  it('reads known choices and ignores malformed ones', () => {
    const theme = themeFromUrl('?scheme=dark&accent=%23aa0000&radius=400&density=compact&font=serif&lang=ar');
    expect(theme).to.deep.equal({
      scheme: 'dark',
      accent: '#aa0000',
      radius: 24,
      density: 'compact',
      font: 'serif',
      lang: 'ar',
      dir: 'rtl',
    });
    const bad = themeFromUrl('?scheme=purple&accent=red;}body{display:none&radius=abc&lang=xx');
    expect(bad.scheme).to.equal('system');
    expect(bad.accent).to.equal('');
    expect(bad.radius).to.equal(8);
    expect(bad.lang).to.equal('en');
  });

  it('turns choices into public custom properties only', () => {
    const properties = themeProperties(
      themeFromUrl('?scheme=dark&accent=%23ffdd00&radius=0&density=spacious'),
    );
    for (const [name] of properties) expect(name).to.match(/^--conv-[a-z-]+$/);
    expect(Object.fromEntries(properties)).to.deep.include({
      '--conv-color-scheme': 'dark',
      '--conv-color-accent': '#ffdd00',
      '--conv-color-on-accent': '#000000',
      '--conv-radius': '0px',
    });
  });
});
