/**
 * The conformance suite against HttpAdapter and a reference server on PostgreSQL: runs where
 * DATABASE_URL names a database (CI installs PostgreSQL 15 and sets it); skipped elsewhere.
 */
import { runConformanceSuite } from '../../../src/adapter/conformance/index.js';
import { hasPostgres, httpFactory, lazyServer } from './support.js';

const server = lazyServer('postgres');
after(() => server.stop());

if (await hasPostgres()) {
  runConformanceSuite('HttpAdapter + reference server (PostgreSQL)', httpFactory(server.get), {
    eventTimeoutMs: 5000,
  });
} else {
  describe('HttpAdapter + reference server (PostgreSQL)', () => {
    it.skip('needs DATABASE_URL (CI provides PostgreSQL 15)', () => undefined);
  });
}
