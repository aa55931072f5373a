// A page with only <conv-thread> must not load the conversation list or its virtualizer (they are
// the inbox's). This file imports the thread's define module and nothing of the list's, and each
// test file runs in a page of its own, so what this page fetched is what the thread needs.
import { expect } from '@open-wc/testing';
import '../../../src/define/conv-thread.js';

function requested(): string[] {
  return performance.getEntriesByType('resource').map((entry) => entry.name);
}

describe('conv-thread on a page of its own', () => {
  it('loads neither the conversation list nor the virtualizer', async () => {
    const thread = document.createElement('conv-thread');
    thread.setAttribute('conversation', 'c1');
    document.body.append(thread);
    await thread.updateComplete;
    const urls = requested();
    // The observable works: the thread's own modules are among the requests.
    expect(
      urls.some((url) => url.includes('/src/components/thread/thread.')),
      urls.join('\n'),
    ).to.equal(true);
    expect(urls.filter((url) => url.includes('@lit-labs/virtualizer'))).to.deep.equal([]);
    expect(urls.filter((url) => url.includes('/src/components/conversation-list/'))).to.deep.equal([]);
    expect(customElements.get('lit-virtualizer')).to.equal(undefined);
    thread.remove();
  });
});
