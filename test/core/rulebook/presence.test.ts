import { expect } from '@open-wc/testing';
import { replyMaySee } from '../../../src/core/presence.js';

describe('rulebook: a reply and "Seen by" (S27 with writing reads)', () => {
  const seenBy = { messageId: 'own', readers: [{ id: 'grace' }] };
  const message = (authorId: string, extra: { id?: string; system?: string } = {}) => ({
    id: extra.id ?? 'new',
    author: { id: authorId },
    ...(extra.system === undefined ? {} : { system: extra.system }),
  });

  it('asks again when someone not yet named writes after the viewer’s message', () => {
    expect(replyMaySee(seenBy, message('alan'), 'ada')).to.equal(true);
  });

  it('does not ask for a reader already named, the viewer’s own writing, or a "… left" entry', () => {
    expect(replyMaySee(seenBy, message('grace'), 'ada')).to.equal(false);
    expect(replyMaySee(seenBy, message('ada'), 'ada')).to.equal(false);
    expect(replyMaySee(seenBy, message('alan', { system: 'left' }), 'ada')).to.equal(false);
  });

  it('does not ask where the viewer has written nothing, or for the viewer’s message itself', () => {
    expect(replyMaySee({ readers: [] }, message('alan'), 'ada')).to.equal(false);
    expect(replyMaySee(seenBy, message('alan', { id: 'own' }), 'ada')).to.equal(false);
  });
});
