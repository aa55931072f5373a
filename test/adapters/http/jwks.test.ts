/**
 * Sign-in with the portal's own key: the server verifies member tokens against the portal's
 * JWKS URL (an ES256 key served on 127.0.0.1) instead of a shared secret.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ForbiddenError } from '../../../src/core/errors.js';
import { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  createSpace,
  loadDirectory,
  mintToken,
  startServer,
  stopServer,
  type TestServer,
} from './support.js';

describe('member tokens verified with the portal’s JWKS', function () {
  this.timeout(120_000);
  let server: TestServer;
  let jwks: { id: string; url: string };
  let space: string;

  before(async () => {
    jwks = (await executeServerCommand<{ id: string; url: string }, unknown>('conv-jwks-start'))!;
    // No shared secret at all: the JWKS is the only way in.
    server = await startServer({ env: { CONV_JWKS_URL: jwks.url, CONV_JWT_SECRET: '' } });
    space = await createSpace(server);
    await loadDirectory(server, space, { members: [{ id: 'ana', name: 'Ana' }], groups: [] });
  });
  after(() => stopServer(server));

  const viewerWith = async (token: string) => {
    const adapter = new HttpAdapter({ baseUrl: server.url, token });
    try {
      return await adapter.getViewer();
    } finally {
      adapter.close();
    }
  };

  it('accepts a token signed with the portal’s published key', async () => {
    const viewer = await viewerWith(await mintToken(server, 'ana', space, { jwks: jwks.id }));
    expect(viewer.member).to.deep.equal({ kind: 'member', id: 'ana', name: 'Ana' });
  });

  it('refuses a token signed with another key under the same key id, and a shared-secret token', async () => {
    for (const token of [
      await mintToken(server, 'ana', space, { jwks: jwks.id, otherKey: true }),
      await mintToken(server, 'ana', space, { otherKey: true }),
      await mintToken(server, 'ana', space, { jwks: jwks.id, expiresIn: -60 }),
    ]) {
      let refused: unknown;
      try {
        await viewerWith(token);
      } catch (error) {
        refused = error;
      }
      expect(refused).to.be.instanceOf(ForbiddenError);
    }
  });
});
