/**
 * The conformance suite against the local (IndexedDB) adapter, each test in a database of its own.
 */
import { runConformanceSuite } from '../../src/adapter/conformance/index.js';
import { createLocalConformanceBackend } from '../helpers/local-backend.js';

runConformanceSuite('local (IndexedDB)', createLocalConformanceBackend);
