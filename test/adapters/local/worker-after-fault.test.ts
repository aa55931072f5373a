/**
 * The test runner reuses a page for later test files, so what one file's fault injection leaves
 * on its page is what the next file gets. A file that made a module's fetch fail (the
 * `network-faults` plugin, for code loaded on first use) once left request interception on, and
 * a worker started on that page afterwards never got its script: the event tests' worker tab
 * timed out on whichever page had run such a file. After a fault has fired, a worker starts.
 */
import { expect } from '@open-wc/testing';
import { freshBackend } from '../../helpers/local-backend.js';
import { failNextFetch } from '../../helpers/network-faults.js';
import type { TabReport } from './tab-worker.js';

describe('a worker on a page after a failed module fetch', function () {
  this.timeout(30_000);

  it('starts and opens its own tab of the backend', async () => {
    const backend = await freshBackend();
    let worker: Worker | undefined;
    try {
      await failNextFetch('/src/client/services/message-change-service.ts');
      let failed = false;
      await import('../../../src/client/services/message-change-service.js').catch(() => (failed = true));
      expect(failed, 'the armed fetch failed').to.equal(true);

      worker = new Worker(new URL('./tab-worker.ts', import.meta.url), { type: 'module' });
      const started = worker;
      const opened = new Promise<TabReport['type']>((resolve) => {
        started.onmessage = ({ data }: MessageEvent<TabReport>) => resolve(data.type);
      });
      started.postMessage({ type: 'open', database: backend.name, viewer: 'm2' });
      const result = await Promise.race([
        opened,
        new Promise<string>((resolve) => setTimeout(() => resolve('no answer in 15 s'), 15_000)),
      ]);
      started.postMessage({ type: 'close' });
      expect(result).to.equal('opened');
    } finally {
      worker?.terminate();
      await backend.destroy();
    }
  });
});
