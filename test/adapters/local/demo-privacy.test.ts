/** The demo portal shows the privacy states (S14, S15): a followed-only member and a blocked one. */
import { expect } from '@open-wc/testing';
import { LocalBackend } from '../../../src/adapters/local/index.js';
import { DEMO_VIEWER_ID } from '../../../src/adapters/local/demo.js';
import type { Member } from '../../../src/core/types.js';
import { createClientId } from '../../../src/core/ids.js';
import { uniqueDatabaseName } from '../../helpers/local-backend.js';

describe('demo portal: privacy states', () => {
  let backend: LocalBackend;
  beforeEach(() => {
    backend = new LocalBackend({ name: uniqueDatabaseName('conv-demo-privacy') });
  });
  afterEach(() => backend.destroy());

  it('has a member who accepts only followed members, and one the viewer blocked', async () => {
    await backend.seedDemo();
    const viewer = backend.adapterFor(DEMO_VIEWER_ID);
    const [sato] = (await viewer.searchDirectory('佐藤')) as Member[];
    expect(sato.id).to.equal('sato-hanako');
    expect(sato.accepting).to.equal(false);
    // Layla, whom she follows, may write to her.
    const [layla] = (await backend.adapterFor('layla-hosseini').searchDirectory('佐藤')) as Member[];
    expect(layla.accepting).to.equal(undefined);
    expect((await viewer.listBlockedMembers()).map((m) => m.id)).to.deep.equal(['jurgen-gross']);
    let refused: unknown;
    await backend
      .adapterFor('jurgen-gross')
      .startConversation({
        recipients: [{ kind: 'member', id: DEMO_VIEWER_ID }],
        body: 'Hi',
        clientId: createClientId(),
      })
      .catch((error: unknown) => (refused = error));
    expect((refused as { reason?: string }).reason).to.equal('not-accepting');
  });
});
