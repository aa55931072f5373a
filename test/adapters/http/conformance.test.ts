/**
 * The conformance suite against HttpAdapter and a real reference-server process on its embedded
 * database (PGlite): the same rules the local adapter keeps, proved over HTTP and SSE.
 */
import { runConformanceSuite } from '../../../src/adapter/conformance/index.js';
import { httpFactory, lazyServer } from './support.js';

const server = lazyServer('pglite');
after(() => server.stop());

runConformanceSuite('HttpAdapter + reference server (PGlite)', httpFactory(server.get), {
  eventTimeoutMs: 5000,
});
