/**
 * The HTTP adapter's calls that a first view never makes load with their own module
 * (src/adapters/http/calls-on-use.ts) on first use. When that module cannot be fetched (offline,
 * or a deploy replaced it), the call fails as the network would, with `unavailable`, which the
 * client retries, and the next call fetches the module again. The fetch is made to fail in the
 * browser itself (the `network-faults` test-runner plugin), so this is Chromium's own module
 * loading, not a stand-in.
 */
import { expect } from '@open-wc/testing';
import { HttpAdapter } from '../../../src/adapters/http/index.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../src/core/types.js';
import { failNextFetch } from '../../helpers/network-faults.js';

describe('HttpAdapter: the calls loaded on first use', () => {
  it('fails a call with unavailable when their module cannot be fetched, and loads it on the next call', async () => {
    const asked: string[] = [];
    const adapter = new HttpAdapter({
      baseUrl: 'http://127.0.0.1:9/api',
      token: 'token',
      fetch: async (input) => {
        asked.push(String(input));
        return new Response(JSON.stringify(DEFAULT_NOTIFICATION_SETTINGS), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    // The test runner serves the TypeScript source under its own name.
    await failNextFetch('/src/adapters/http/calls-on-use.ts');

    let refusal: unknown;
    try {
      await adapter.getSettings();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.be.instanceOf(UnavailableError);
    expect(asked, 'nothing was sent without the module').to.deep.equal([]);

    expect(await adapter.getSettings()).to.deep.equal(DEFAULT_NOTIFICATION_SETTINGS);
    expect(asked).to.have.length(1);
    expect(asked[0]).to.match(/\/api\/v1\/settings$/);
  });
});
